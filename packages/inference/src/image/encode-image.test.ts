import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import sharp from "sharp";
import { encodeImage } from "./encode-image.js";

/** A 4×2 PNG whose left half is opaque red and right half fully transparent. */
async function halfTransparentPng(): Promise<Uint8Array> {
  const pixels = Buffer.alloc(4 * 2 * 4);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 2; x++) pixels.set([255, 0, 0, 255], (y * 4 + x) * 4);
  }
  return new Uint8Array(
    await sharp(pixels, { raw: { width: 4, height: 2, channels: 4 } })
      .png()
      .toBuffer(),
  );
}

describe("encodeImage", () => {
  it("returns a PNG as it is", async () => {
    const png = await halfTransparentPng();
    const out = await encodeImage({ png, format: "png" });
    expect(out).toEqual({ data: png, mediaType: "image/png" });
  });

  it("writes JPEG flattened onto white, and WebP keeping transparency", async () => {
    const png = await halfTransparentPng();
    const jpg = await encodeImage({ png, format: "JPEG" });
    expect(jpg.mediaType).toBe("image/jpeg");
    const flat = await sharp(jpg.data).raw().toBuffer({ resolveWithObject: true });
    expect(flat.info).toMatchObject({ width: 4, height: 2, channels: 3 });
    // the transparent right half became white, the left stayed red (JPEG is lossy: near)
    expect(flat.data[3 * 3]).toBeGreaterThan(200);
    expect(flat.data[3 * 3 + 1]).toBeGreaterThan(200);
    expect(flat.data[0]).toBeGreaterThan(200);
    expect(flat.data[1]).toBeLessThan(60);

    const webp = await encodeImage({ png, format: ".webp" });
    expect(webp.mediaType).toBe("image/webp");
    const alpha = await sharp(webp.data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(alpha.data[3]).toBe(255);
    expect(alpha.data[3 * 4 + 3]).toBe(0);
  });

  it("refuses other formats, naming the ones it writes", async () => {
    await expect(encodeImage({ png: await halfTransparentPng(), format: "gif" })).rejects.toThrow(UsageError);
    await expect(encodeImage({ png: await halfTransparentPng(), format: "gif" })).rejects.toMatchObject({
      hint: "Use one of: png, jpg, jpeg, webp.",
    });
  });
});
