// The vision tasks end to end: the built `hftool` binary on tiny fixture models in local folders
// (-m /folder), with pictures from files, stdin and a loopback URL. The same tasks with models
// downloaded from the loopback Hub server are in vision-hub.e2e.test.ts.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { readOutputMetadata } from "@hftool/core";
import { decodeImage } from "@hftool/inference";
import {
  buildCaptionerFixture,
  buildClipFixture,
  buildDepthFixture,
  buildDetrFixture,
  buildImageClassifierFixture,
  buildMattingFixture,
  buildSegformerFixture,
  buildSwin2srFixture,
  createTempHome,
  encodeTestImage,
  encodeTestWav,
  runCli,
  toneSamples,
  type TempHome,
} from "@hftool/test-utils";

let models: string;
let user: TempHome;
const model = (name: string) => join(models, name);
const file = (name: string) => join(user.cwd, name);
const hftool = (args: string[], extra: { env?: NodeJS.ProcessEnv; input?: Uint8Array } = {}) =>
  runCli(args, {
    cwd: user.cwd,
    env: { ...user.env, ...extra.env },
    timeoutMs: 120_000,
    ...(extra.input !== undefined ? { input: extra.input } : {}),
  });
/** A PNG's colour type from its IHDR chunk: 0 grey, 2 RGB, 4 grey + alpha, 6 RGBA. */
const pngColourType = (png: Uint8Array) => png[25];
const pixelAt = (image: { data: Uint8Array; width: number; channels: number }, x: number, y: number) =>
  Array.from(
    image.data.subarray((y * image.width + x) * image.channels, (y * image.width + x + 1) * image.channels),
  );

beforeAll(() => {
  models = mkdtempSync(join(tmpdir(), "hftool-vision-models-"));
  buildImageClassifierFixture({ dir: model("vit") });
  buildClipFixture({ dir: model("clip") });
  buildDetrFixture({ dir: model("detr") });
  buildSegformerFixture({ dir: model("segformer") });
  buildMattingFixture({ dir: model("modnet") });
  buildDepthFixture({ dir: model("depth") });
  buildCaptionerFixture({ dir: model("captioner") });
  buildSwin2srFixture({ dir: model("swin2sr") });
});
afterAll(() => rmSync(models, { recursive: true, force: true }));

beforeEach(async () => {
  user = createTempHome();
  writeFileSync(file("red.png"), await encodeTestImage({ width: 40, height: 30, background: "red" }));
  writeFileSync(
    file("scene.jpg"),
    await encodeTestImage({
      width: 128,
      height: 96,
      format: "jpeg",
      rects: [
        { x: 0, y: 0, width: 64, height: 48, colour: "red" },
        { x: 64, y: 48, width: 64, height: 48, colour: "blue" },
      ],
    }),
  );
});
afterEach(() => user.cleanup());

describe("hftool on images, with models in local folders", () => {
  it("image-classification: a table of labels, and the labels with scores as JSON", async () => {
    const r = await hftool([
      "-t",
      "classify-image",
      "-i",
      "red.png",
      "-m",
      model("vit"),
      "-o",
      "labels.json",
    ]);
    expect(r.stderr).toContain("Classified the image: red");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+label\s+score\n\s+red\s+100\.0%\s+█+\n\s+green\s+0\.0%/);
    const doc = JSON.parse(readFileSync(file("labels.json"), "utf8"));
    expect(doc).toMatchObject({
      width: 40,
      height: 30,
      labels: [{ label: "red" }, { label: "green" }, { label: "blue" }],
    });
    expect(doc.labels[0].score).toBeGreaterThan(0.99);
    expect(JSON.parse(readFileSync(file("labels.json.hftool.json"), "utf8"))).toMatchObject({
      task: "image-classification",
      input: "red.png",
      params: {},
    });
    const txt = await hftool([
      "-t",
      "image-classification",
      "-i",
      "red.png",
      "-m",
      model("vit"),
      "-o",
      "-",
      "-f",
      "txt",
      "--",
      "--top_k",
      "1",
    ]);
    expect(txt.stdout).toMatch(/^red\t(0\.99\d\d|1\.0000)\n$/);
  });

  it("zero-shot-image-classification: --labels as a run option or a parameter, results in --json", async () => {
    const r = await hftool([
      "-t",
      "clip",
      "-i",
      "red.png",
      "-m",
      model("clip"),
      "--labels",
      "green, red,a dog",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      success: true,
      task: "zero-shot-image-classification",
      format: "json",
      params: { labels: ["green", "red", "a dog"] },
      result: { kind: "image-labels", width: 40, height: 30 },
    });
    expect(doc.result.labels.map((l: { label: string }) => l.label)).toEqual(["red", "a dog", "green"]);
    expect(JSON.parse(readFileSync(doc.output, "utf8")).labels[0].label).toBe("red");
    const viaParams = await hftool([
      "-t",
      "zero-shot-image",
      "-i",
      "red.png",
      "-m",
      model("clip"),
      "-o",
      "-",
      "--",
      "--labels",
      "blue,red",
    ]);
    expect(JSON.parse(viaParams.stdout).labels[0].label).toBe("red");
  });

  it("object-detection: JSON by default, the picture with boxes and labels for .png, a table on stdout", async () => {
    const json = await hftool(["-t", "detect", "-i", "scene.jpg", "-m", model("detr"), "-o", "objects.json"]);
    expect(json.code).toBe(0);
    expect(json.stdout).toMatch(/blue\s+99\.\d%\s+64,48 – 128,96\s+64×48/);
    expect(json.stdout).toMatch(/red\s+9\d\.\d%\s+0,0 – 64,48/);
    expect(JSON.parse(readFileSync(file("objects.json"), "utf8"))).toEqual({
      width: 128,
      height: 96,
      objects: [
        { label: "blue", score: expect.any(Number), box: { xmin: 64, ymin: 48, xmax: 128, ymax: 96 } },
        { label: "red", score: expect.any(Number), box: { xmin: 0, ymin: 0, xmax: 64, ymax: 48 } },
      ],
    });

    const png = await hftool([
      "-t",
      "object-detection",
      "-i",
      "scene.jpg",
      "-m",
      model("detr"),
      "-o",
      "boxes.png",
    ]);
    expect(png.code).toBe(0);
    const bytes = readFileSync(file("boxes.png"));
    const drawn = await decodeImage({ data: bytes });
    expect(drawn).toMatchObject({ format: "png", width: 128, height: 96 });
    // the red box's outline is drawn on white, in the red box's colour, away from the label tab
    expect(pixelAt(drawn, 2, 40)).not.toEqual(pixelAt(drawn, 100, 20));
    // labels come from hftool's own font: a machine without any font draws the same pixels
    writeFileSync(file("no-fonts.conf"), '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    const bare = await hftool(
      ["-t", "detect", "-i", "scene.jpg", "-m", model("detr"), "-o", "boxes-nofonts.png"],
      {
        env: { FONTCONFIG_FILE: file("no-fonts.conf") },
      },
    );
    expect(bare.code).toBe(0);
    const again = await decodeImage({ data: readFileSync(file("boxes-nofonts.png")) });
    expect(Buffer.from(again.data).equals(Buffer.from(drawn.data))).toBe(true);
    const metadata = await readOutputMetadata(file("boxes.png"));
    expect(metadata).toMatchObject({ task: "object-detection", format: "png", input: "scene.jpg" });
    expect(existsSync(file("boxes.png.hftool.json"))).toBe(false); // PNG metadata lives in the file

    const none = await hftool([
      "-t",
      "detect",
      "-i",
      "red.png",
      "-m",
      model("detr"),
      "-o",
      "-",
      "--",
      "--threshold",
      "0.99999",
    ]);
    expect(JSON.parse(none.stdout).objects).toEqual([]);
  });

  it("image-segmentation: a coloured overlay PNG, or the regions as JSON", async () => {
    writeFileSync(
      file("halves.webp"),
      await encodeTestImage({
        width: 80,
        height: 60,
        format: "webp",
        rects: [
          { x: 0, y: 0, width: 40, height: 60, colour: "red" },
          { x: 40, y: 0, width: 40, height: 60, colour: "blue" },
        ],
      }),
    );
    const png = await hftool([
      "-t",
      "segment",
      "-i",
      "halves.webp",
      "-m",
      model("segformer"),
      "-o",
      "regions.png",
    ]);
    expect(png.code).toBe(0);
    expect(png.stderr).toContain("Found 2 regions (semantic segmentation)");
    expect(png.stdout).toMatch(/red\s+50\.0%\s+#[0-9a-f]{6}/);
    const overlay = await decodeImage({ data: readFileSync(file("regions.png")) });
    expect(overlay).toMatchObject({ width: 80, height: 60 });

    const json = await hftool([
      "-t",
      "segment",
      "-i",
      "halves.webp",
      "-m",
      model("segformer"),
      "-f",
      "json",
      "-o",
      "regions.json",
    ]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(readFileSync(file("regions.json"), "utf8"));
    expect(doc).toMatchObject({ width: 80, height: 60, subtask: "semantic" });
    expect(doc.segments.map((s: { label: string }) => s.label).sort()).toEqual(["blue", "red"]);
    expect(doc.segments[0]).toEqual({
      label: expect.any(String),
      score: null,
      color: expect.stringMatching(/^#[0-9a-f]{6}$/),
      pixels: 2400,
      fraction: 0.5,
      box: expect.any(Object),
    });
  });

  it("background-removal: a PNG whose alpha keeps the subject and drops the backdrop", async () => {
    writeFileSync(
      file("portrait.png"),
      await encodeTestImage({
        width: 80,
        height: 60,
        background: "blue",
        rects: [{ x: 20, y: 15, width: 40, height: 30, colour: "red" }],
      }),
    );
    const r = await hftool(["-t", "rmbg", "-i", "portrait.png", "-m", model("modnet"), "-o", "cutout.png"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Removed the background (25% of the image kept)");
    const png = readFileSync(file("cutout.png"));
    expect(pngColourType(png)).toBe(6);
    const cutout = await decodeImage({ data: png });
    expect(cutout).toMatchObject({ width: 80, height: 60, channels: 4 });
    expect(pixelAt(cutout, 40, 30)[3]).toBeGreaterThan(240);
    expect(pixelAt(cutout, 3, 3)[3]).toBeLessThan(15);

    const matte = await hftool([
      "-t",
      "remove-background",
      "-i",
      "portrait.png",
      "-m",
      model("modnet"),
      "-o",
      "matte.png",
      "--",
      "--mask_only",
    ]);
    expect(matte.code).toBe(0);
    expect(pngColourType(readFileSync(file("matte.png")))).toBe(0);

    // a cut-out keeps its transparency: WebP yes, JPEG no
    const webp = await hftool([
      "-t",
      "rmbg",
      "-i",
      "portrait.png",
      "-m",
      model("modnet"),
      "-o",
      "cutout.webp",
    ]);
    expect(webp.code).toBe(0);
    const cut = await decodeImage({ data: readFileSync(file("cutout.webp")) });
    expect(cut).toMatchObject({ width: 80, height: 60, channels: 4, format: "webp" });
    expect(pixelAt(cut, 3, 3)[3]).toBeLessThan(15);
    const jpg = await hftool(["-t", "rmbg", "-i", "portrait.png", "-m", model("modnet"), "-o", "cutout.jpg"]);
    expect(jpg.code).toBe(2);
    expect(jpg.stderr).toContain("cannot write .jpg");
  });

  it("depth-estimation: a grey PNG the input's size, or the depth range as JSON", async () => {
    writeFileSync(file("ramp.png"), await encodeTestImage({ width: 90, height: 40, horizontalRamp: true }));
    const r = await hftool(["-t", "depth", "-i", "ramp.png", "-m", model("depth"), "-o", "depth.png"]);
    expect(r.code).toBe(0);
    const png = readFileSync(file("depth.png"));
    expect(pngColourType(png)).toBe(0);
    const depth = await decodeImage({ data: png });
    expect(depth).toMatchObject({ width: 90, height: 40 });
    expect(pixelAt(depth, 0, 20)[0]).toBeLessThan(10);
    expect(pixelAt(depth, 89, 20)[0]).toBeGreaterThan(245);
    const json = await hftool([
      "-t",
      "depth",
      "-i",
      "ramp.png",
      "-m",
      model("depth"),
      "-o",
      "-",
      "-f",
      "json",
    ]);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ width: 90, height: 40, type: "relative" });
    expect(doc.max).toBeGreaterThan(doc.min);
  });

  it("image-to-text: prints the caption and writes it as text", async () => {
    writeFileSync(
      file("green.webp"),
      await encodeTestImage({ width: 40, height: 30, background: "green", format: "webp" }),
    );
    const r = await hftool([
      "-t",
      "caption",
      "-i",
      "green.webp",
      "-m",
      model("captioner"),
      "-o",
      "caption.txt",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("a green picture");
    expect(readFileSync(file("caption.txt"), "utf8")).toBe("a green picture\n");
  });

  it("image-upscaling: a PNG exactly twice the size, transparency kept", async () => {
    writeFileSync(
      file("small.png"),
      await encodeTestImage({ width: 30, height: 21, alpha: true, background: [0, 128, 0, 200] }),
    );
    const r = await hftool(["-t", "upscale", "-i", "small.png", "-m", model("swin2sr"), "-o", "big.png"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Upscaled 30×21 to 60×42 (2×)");
    const big = await decodeImage({ data: readFileSync(file("big.png")) });
    expect(big).toMatchObject({ width: 60, height: 42, channels: 4 });
    expect(pixelAt(big, 59, 41)).toEqual([0, 128, 0, 200]);

    // smaller files on request: JPEG (no transparency) or WebP
    const jpg = await hftool(["-t", "upscale", "-i", "small.png", "-m", model("swin2sr"), "-o", "big.jpg"]);
    expect(jpg.code).toBe(0);
    expect(await decodeImage({ data: readFileSync(file("big.jpg")) })).toMatchObject({
      width: 60,
      height: 42,
      format: "jpeg",
    });
    const webp = await hftool(["-t", "upscale", "-i", "small.png", "-m", model("swin2sr"), "-o", "big.webp"]);
    expect(webp.code).toBe(0);
    expect(await decodeImage({ data: readFileSync(file("big.webp")) })).toMatchObject({
      width: 60,
      height: 42,
      format: "webp",
    });
  });

  it("reads pictures from stdin and from a URL", async () => {
    const piped = await hftool(["-t", "classify-image", "-i", "-", "-m", model("vit"), "-o", "-"], {
      input: readFileSync(file("red.png")),
    });
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).labels[0].label).toBe("red");

    const blue = await encodeTestImage({ width: 20, height: 20, background: "blue", format: "jpeg" });
    const server: Server = createServer((request, response) => {
      if (request.url === "/photos/blue.jpg")
        response.writeHead(200, { "content-type": "image/jpeg" }).end(blue);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const fetched = await hftool([
        "-t",
        "classify-image",
        "-i",
        `http://127.0.0.1:${port}/photos/blue.jpg`,
        "-m",
        model("vit"),
        "--json",
      ]);
      expect(fetched.code).toBe(0);
      expect(JSON.parse(fetched.stdout)).toMatchObject({
        input: `http://127.0.0.1:${port}/photos/blue.jpg`,
        result: { labels: [{ label: "blue" }, {}, {}] },
      });
    } finally {
      server.close();
    }
  });
});

describe("bad input for image tasks: a clear error, a non-zero exit, nothing written", () => {
  it("refuses audio, text, empty and damaged files, saying what each is", async () => {
    writeFileSync(
      file("talk.wav"),
      encodeTestWav({
        channels: [toneSamples({ frequency: 440, sampleRate: 8000, seconds: 0.2 })],
        sampleRate: 8000,
      }),
    );
    writeFileSync(file("notes.txt"), "a red car\n");
    writeFileSync(file("empty.png"), "");
    const png = readFileSync(file("scene.jpg"));
    writeFileSync(file("cut.jpg"), png.subarray(0, png.length >> 1));
    const cases: [string, string, RegExp][] = [
      ["image-classification", "talk.wav", /talk\.wav is a WAV audio file, not an image\./],
      ["image-to-text", "notes.txt", /notes\.txt is a text file, not an image\./],
      ["depth-estimation", "empty.png", /empty\.png is empty \(0 bytes\)\./],
      [
        "object-detection",
        "cut.jpg",
        /cut\.jpg looks like a JPEG image but cannot be decoded: it is damaged or truncated/,
      ],
      ["background-removal", "missing.png", /File not found: missing\.png\./],
    ];
    for (const [task, input, message] of cases) {
      // the model is a Hub id that cannot be fetched: the input fails first, before any download
      const before = readdirSync(user.cwd).sort();
      const r = await hftool(["-t", task, "-i", input, "-m", "hftool-test/never-fetched"], {
        env: { HF_ENDPOINT: "http://127.0.0.1:9", HF_HUB_OFFLINE: "1" },
      });
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readdirSync(user.cwd).sort()).toEqual(before);
    }
    const stdin = await hftool(["-t", "caption", "-i", "-", "-m", model("captioner")], {
      input: new Uint8Array(0),
    });
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toContain("stdin was empty");
  });

  it("refuses zero-shot classification without --labels, and unknown formats, before loading anything", async () => {
    const labels = await hftool(
      ["-t", "zero-shot-image-classification", "-i", "red.png", "-m", "hftool-test/never-fetched"],
      {
        env: { HF_ENDPOINT: "http://127.0.0.1:9" },
      },
    );
    expect(labels.code).toBe(2);
    expect(labels.stderr).toContain(
      "zero-shot-image-classification needs the labels to choose from: pass --labels.",
    );
    expect(labels.stderr).toContain('--labels "cat,dog,a red car"');

    const format = await hftool(["-t", "depth", "-i", "red.png", "-m", model("depth"), "-o", "depth.srt"]);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toMatch(/srt/);

    const param = await hftool([
      "-t",
      "detect",
      "-i",
      "red.png",
      "-m",
      model("detr"),
      "--",
      "--threshold",
      "high",
    ]);
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('--threshold must be a number between 0 and 1, not "high".');
  });
});
