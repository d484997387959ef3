import { describe, expect, it } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@hftool/core";
import { encodeTestImage, encodeTestWav, toneSamples } from "@hftool/test-utils";
import sharp from "sharp";
import { decodeImage } from "./decode-image.js";

const pixel = (image: { data: Uint8Array; width: number; channels: number }, x: number, y: number) =>
  Array.from(
    image.data.subarray((y * image.width + x) * image.channels, (y * image.width + x + 1) * image.channels),
  );

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected a rejection");
}

describe("decodeImage", () => {
  it("decodes PNG, JPEG and WebP into 8-bit RGB pixels", async () => {
    for (const format of ["png", "jpeg", "webp"] as const) {
      const data = await encodeTestImage({
        width: 10,
        height: 6,
        format,
        rects: [{ x: 0, y: 0, width: 5, height: 6, colour: "red" }],
      });
      const image = await decodeImage({ data, name: `x.${format}` });
      expect(image).toMatchObject({ width: 10, height: 6, channels: 3, format, name: `x.${format}` });
      const [r, g, b] = pixel(image, 1, 1);
      expect(r).toBeGreaterThan(240);
      expect(g! + b!).toBeLessThan(30);
      expect(pixel(image, 8, 3).every((v) => v > 240)).toBe(true);
    }
  });

  it("turns the picture upright as its EXIF orientation says", async () => {
    // stored 8×4 with red on the left; orientation 6 means "rotate 90° clockwise to view"
    const data = await encodeTestImage({
      width: 8,
      height: 4,
      format: "jpeg",
      exifOrientation: 6,
      rects: [{ x: 0, y: 0, width: 4, height: 4, colour: "red" }],
    });
    const image = await decodeImage({ data });
    expect([image.width, image.height]).toEqual([4, 8]);
    expect(pixel(image, 1, 1)[0]).toBeGreaterThan(200); // the left half became the top half
    expect(pixel(image, 1, 6)[1]).toBeGreaterThan(200);
  });

  it("keeps alpha, and converts grey and 16-bit pictures to 8-bit sRGB", async () => {
    const transparent = await decodeImage({
      data: await encodeTestImage({ width: 3, height: 2, alpha: true, background: [0, 0, 255, 0] }),
    });
    expect(transparent.channels).toBe(4);
    expect(pixel(transparent, 0, 0)[3]).toBe(0);

    const grey16 = await sharp(Buffer.alloc(4 * 2 * 2, 0x80), { raw: { width: 4, height: 2, channels: 1 } })
      .toColourspace("grey16")
      .png()
      .toBuffer();
    const grey = await decodeImage({ data: grey16 });
    expect(grey).toMatchObject({ width: 4, height: 2, channels: 3 });
    expect(grey.data.length).toBe(4 * 2 * 3);
  });

  it("reads a file from a path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-decode-"));
    writeFileSync(
      join(dir, "photo.png"),
      await encodeTestImage({ width: 5, height: 5, background: "green" }),
    );
    const image = await decodeImage({ path: join(dir, "photo.png") });
    expect(image).toMatchObject({ name: "photo.png", width: 5, format: "png" });
    const missing = await rejection(decodeImage({ path: join(dir, "nope.png") }));
    expect(missing.code).toBe("INPUT_NOT_FOUND");
  });

  it("says what a file is when it is not an image", async () => {
    const wav = encodeTestWav({
      channels: [toneSamples({ frequency: 440, sampleRate: 8000, seconds: 0.1 })],
      sampleRate: 8000,
    });
    const audio = await rejection(decodeImage({ data: wav, name: "talk.wav", task: "image-classification" }));
    expect(audio.code).toBe("INPUT_WRONG_KIND");
    expect(audio.message).toBe("talk.wav is a WAV audio file, not an image.");
    expect(audio.hint).toMatch(/^image-classification takes an image: PNG, JPEG, WebP/);

    const text = await rejection(
      decodeImage({ data: new TextEncoder().encode("a cat\n"), name: "notes.txt" }),
    );
    expect(text.message).toBe("notes.txt is a text file, not an image.");

    const empty = await rejection(decodeImage({ data: new Uint8Array(0), name: "stdin" }));
    expect(empty.code).toBe("INPUT_EMPTY");
    expect(empty.message).toBe("stdin is empty (0 bytes).");
  });

  it("names a damaged image and says it is damaged", async () => {
    const noise = Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7919) % 251);
    const png = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } })
      .png()
      .toBuffer();
    const truncated = await rejection(
      decodeImage({ data: png.subarray(0, png.length >> 1), name: "cut.png" }),
    );
    expect(truncated.code).toBe("INPUT_NOT_IMAGE");
    expect(truncated.message).toMatch(
      /^cut\.png looks like a PNG image but cannot be decoded: it is damaged or truncated/,
    );

    const garbage = await rejection(
      decodeImage({ data: Uint8Array.of(0x13, 0x37, 0xfe, 0x80), name: "blob.bin" }),
    );
    expect(garbage.code).toBe("INPUT_NOT_IMAGE");
    expect(garbage.message).toMatch(/^blob\.bin is not an image hftool can read/);
  });
});
