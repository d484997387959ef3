// Text-to-image and image-to-image end to end: the built `hftool` on a tiny random-weight Stable
// Diffusion repo in the diffusers ONNX layout that the suite builds (@hftool/test-utils), from a
// local folder (-m ./repo) and from the loopback Hub server of @hftool/download.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { readOutputMetadata, readPngText } from "@hftool/core";
import { decodeImage, encodePng, resolveDevice } from "@hftool/inference";
import {
  buildVadFixture,
  burstSamples,
  cliBinPath,
  createTempHome,
  encodeTestWav,
  runCli,
  writeTinyDiffusionRepo,
  type TempHome,
} from "@hftool/test-utils";
import { listSnapshotFiles, withHub } from "./hub-fixture.js";

let user: TempHome;
const hftool = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: user.cwd, env: { ...user.env, ...env }, timeoutMs: 120_000 });
const at = (name: string) => join(user.cwd, name);

beforeEach(() => {
  user = createTempHome();
  writeTinyDiffusionRepo(at("sd"));
});
afterEach(() => user.cleanup());

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** A PNG's chunks without its text chunks: what stays the same when only the metadata differs. */
function pixelChunks(file: string): Buffer {
  const png = readFileSync(file);
  const kept: Buffer[] = [png.subarray(0, 8)];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString("latin1");
    if (!["tEXt", "iTXt", "zTXt"].includes(type)) kept.push(png.subarray(offset, offset + 12 + length));
    offset += 12 + length;
  }
  return Buffer.concat(kept);
}

/** Splits a shell command hftool printed (words quoted POSIX-style) back into arguments. */
function shellWords(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!,
  );
}

/** A 70×52 gradient PNG to start image-to-image from. */
async function writeInputImage(name: string): Promise<string> {
  const width = 70;
  const height = 52;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    data[i * 3] = (i % width) * 3;
    data[i * 3 + 1] = 40;
    data[i * 3 + 2] = Math.floor(i / width) * 4;
  }
  writeFileSync(at(name), await encodePng({ image: { data, width, height, channels: 3, seed: 0 } }));
  return name;
}

describe("hftool -t text-to-image (model in a local folder)", () => {
  it("writes a PNG of the requested size with its metadata in text chunks, and info prints it back", async () => {
    const r = await hftool([
      "-t",
      "t2i",
      "-i",
      "a lighthouse on a cliff",
      "-m",
      "./sd",
      "-o",
      "lighthouse.png",
      "--seed",
      "42",
      "--",
      "--steps",
      "3",
      "--width",
      "48",
      "--height",
      "40",
      "--negative_prompt",
      "blurry",
      "--guidance_scale",
      "5",
    ]);
    expect(r.stderr).toContain("Made a 48×40 image in 3 steps");
    expect(r.code).toBe(0);
    expect(pngSize(at("lighthouse.png"))).toEqual([48, 40]);
    // PNGs carry their metadata inside: no sidecar
    expect(existsSync(at("lighthouse.png.hftool.json"))).toBe(false);
    const metadata = await readOutputMetadata(at("lighthouse.png"));
    expect(metadata).toMatchObject({
      task: "text-to-image",
      model: at("sd"),
      input: "a lighthouse on a cliff",
      seed: 42,
      device: "cpu",
      dtype: "fp32",
      format: "png",
      params: {
        prompt: "a lighthouse on a cliff",
        negative_prompt: "blurry",
        seed: 42,
        steps: 3,
        guidance_scale: 5,
        width: 48,
        height: 40,
        scheduler: "euler",
      },
    });
    expect(Object.keys(metadata!.timings_ms!)).toEqual(
      expect.arrayContaining(["load", "text_encoding", "denoising", "vae_decoding", "total"]),
    );
    const text = readPngText(readFileSync(at("lighthouse.png")));
    expect(text).toMatchObject({ Description: "a lighthouse on a cliff", Seed: "42", Model: at("sd") });
    expect(text.parameters).toBe(
      "a lighthouse on a cliff\nNegative prompt: blurry\n" +
        `Steps: 3, Sampler: Euler, CFG scale: 5, Seed: 42, Size: 48x40, Model: ${at("sd")}, Version: hftool ${metadata!.hftool_version}`,
    );

    const info = await hftool(["info", "lighthouse.png"]);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/^ {2}Prompt {10,}a lighthouse on a cliff$/m);
    expect(info.stdout).toMatch(/^ {2}Negative prompt {2,}blurry$/m);
    expect(info.stdout).toMatch(/^ {2}Seed {2,}42$/m);
    expect(info.stdout).toMatch(/^ {2}Steps {2,}3$/m);
    expect(info.stdout).toMatch(/^ {2}Guidance scale {2,}5$/m);
    expect(info.stdout).toMatch(/^ {2}Size {2,}48×40$/m);
    expect(info.stdout).toMatch(/^ {2}Stored in {2,}the PNG's text chunks$/m);

    // the command info prints makes the same image again
    const remake = info.stdout.split("\n").find((line) => line.startsWith("  hftool "))!;
    const words = shellWords(remake.trim()).slice(1);
    words.splice(words.indexOf("--"), 0, "-o", "again.png");
    const again = await hftool(words);
    expect(again.code).toBe(0);
    expect(pixelChunks(at("again.png")).equals(pixelChunks(at("lighthouse.png")))).toBe(true);

    const json = JSON.parse((await hftool(["info", "lighthouse.png", "--json"])).stdout);
    expect(json).toMatchObject({ file: at("lighthouse.png"), source: "png-text", metadata: { seed: 42 } });
  });

  it("gives identical bytes for one seed and another image for another seed", async () => {
    const make = (seed: string, out: string, ...extra: string[]) =>
      hftool([
        "-t",
        "t2i",
        "-i",
        "a red cat",
        "-m",
        "./sd",
        "--seed",
        seed,
        "-o",
        out,
        ...extra,
        "--",
        "--steps",
        "2",
      ]);
    expect((await make("7", "a.png", "--no-metadata")).code).toBe(0);
    expect((await make("7", "b.png", "--no-metadata")).code).toBe(0);
    expect((await make("8", "c.png", "--no-metadata")).code).toBe(0);
    expect(readFileSync(at("a.png")).equals(readFileSync(at("b.png")))).toBe(true);
    expect(readFileSync(at("a.png")).equals(readFileSync(at("c.png")))).toBe(false);
    // with metadata only the text chunks differ (they hold the time of the run)
    expect((await make("7", "d.png")).code).toBe(0);
    expect(pixelChunks(at("d.png")).equals(readFileSync(at("a.png")))).toBe(true);
    expect(readPngText(readFileSync(at("a.png")))).toEqual({});
  });

  it("writes name-1.png, name-2.png… for num_images, each with its own seed", async () => {
    const r = await hftool([
      "-t",
      "t2i",
      "--prompt",
      "a cat",
      "-m",
      "./sd",
      "-o",
      "cats.png",
      "--seed",
      "100",
      "--json",
      "--",
      "--num_images",
      "3",
      "--steps",
      "2",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.outputs).toEqual([at("cats-1.png"), at("cats-2.png"), at("cats-3.png")]);
    expect(doc.result.images.map((i: { seed: number }) => i.seed)).toEqual([100, 101, 102]);
    expect(existsSync(at("cats.png"))).toBe(false);
    const seeds = await Promise.all(
      doc.outputs.map(async (f: string) => (await readOutputMetadata(f))!.seed),
    );
    expect(seeds).toEqual([100, 101, 102]);
    // the second image alone, from its own seed
    const alone = await hftool([
      "-t",
      "t2i",
      "-i",
      "a cat",
      "-m",
      "./sd",
      "-o",
      "alone.png",
      "--seed",
      "101",
      "--",
      "--steps",
      "2",
    ]);
    expect(alone.code).toBe(0);
    expect(pixelChunks(at("alone.png")).equals(pixelChunks(at("cats-2.png")))).toBe(true);
    const history = JSON.parse((await hftool(["history", "--json"])).stdout) as {
      seed?: number;
      output?: string;
    }[];
    expect(history.map((h) => h.output)).toEqual(expect.arrayContaining([at("cats-1.png"), at("alone.png")]));
  });

  it("writes JPEG or WebP when -o says so, with the metadata in a sidecar", async () => {
    const jpg = await hftool([
      "-t",
      "t2i",
      "-i",
      "a cat",
      "-m",
      "./sd",
      "-o",
      "cat.jpg",
      "--seed",
      "5",
      "--",
      "--steps",
      "2",
    ]);
    expect(jpg.code).toBe(0);
    const jpeg = readFileSync(at("cat.jpg"));
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const decoded = await decodeImage({ data: jpeg, name: "cat.jpg" });
    expect([decoded.width, decoded.height, decoded.format]).toEqual([64, 64, "jpeg"]);
    expect(existsSync(at("cat.jpg.hftool.json"))).toBe(true);
    expect((await readOutputMetadata(at("cat.jpg")))!.seed).toBe(5);

    const webp = await hftool([
      "-t",
      "t2i",
      "-i",
      "a cat",
      "-m",
      "./sd",
      "-o",
      "cats.webp",
      "--seed",
      "7",
      "--",
      "--steps",
      "2",
      "--num_images",
      "2",
    ]);
    expect(webp.code).toBe(0);
    for (const [name, seed] of [
      ["cats-1.webp", 7],
      ["cats-2.webp", 8],
    ] as const) {
      const bytes = readFileSync(at(name));
      expect(bytes.subarray(8, 12).toString("latin1")).toBe("WEBP");
      expect((await readOutputMetadata(at(name)))!.seed).toBe(seed);
    }
    const gif = await hftool(["-t", "t2i", "-i", "a cat", "-m", "./sd", "-o", "cat.gif"]);
    expect(gif.code).toBe(2);
    expect(gif.stderr).toContain("cannot write .gif");
  });

  it("records a random seed in metadata and history, and says how to make the image again", async () => {
    const r = await hftool([
      "-t",
      "t2i",
      "-i",
      "a cat",
      "-m",
      "./sd",
      "-o",
      "random.png",
      "--",
      "--steps",
      "1",
    ]);
    expect(r.code).toBe(0);
    const seed = (await readOutputMetadata(at("random.png")))!.seed!;
    expect(Number.isInteger(seed)).toBe(true);
    expect(r.stderr).toContain(`Seed ${seed}: --seed ${seed} makes the same image again.`);
    const [entry] = JSON.parse((await hftool(["history", "--json"])).stdout) as { seed?: number }[];
    expect(entry!.seed).toBe(seed);
  });

  it("runs fp16 exports, recording their precision", async () => {
    writeTinyDiffusionRepo(at("sd16"), { dtype: "fp16", family: "sdxl" });
    const r = await hftool([
      "-t",
      "t2i",
      "-i",
      "a cat",
      "-m",
      "./sd16",
      "-o",
      "half.png",
      "--",
      "--steps",
      "1",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("(fp16)");
    expect((await readOutputMetadata(at("half.png")))!.dtype).toBe("fp16");
    expect(pngSize(at("half.png"))).toEqual([64, 64]);
  });

  it("stops between denoising steps on Ctrl-C: exit 130 and no PNG", async () => {
    writeTinyDiffusionRepo(at("slow"), { unetCompute: { channels: 32, layers: 2 } });
    const child = spawn(
      process.execPath,
      [
        cliBinPath(),
        "-t",
        "t2i",
        "-i",
        "a cat",
        "-m",
        "./slow",
        "-o",
        "stopped.png",
        "-v",
        "--",
        "--steps",
        "1000",
        "--width",
        "256",
        "--height",
        "256",
      ],
      { cwd: user.cwd, env: user.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    let interrupted = false;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      // plain progress lines without a terminal (-v): interrupt once denoising has begun
      if (!interrupted && /^denoising 2\/1000 steps$/m.test(stderr)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(interrupted).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toContain("Image generation was cancelled between denoising steps.");
    expect(stderr).not.toMatch(/^denoising 1000\/1000/m);
    expect(readdirSync(user.cwd).filter((f) => !["slow", "sd"].includes(f))).toEqual([]);
  }, 60_000);
});

describe("hftool -t image-to-image (model in a local folder)", () => {
  it("takes the image with -i and the prompt with --prompt, keeping its size (in multiples of 8)", async () => {
    await writeInputImage("photo.png");
    const r = await hftool([
      "-t",
      "i2i",
      "-i",
      "photo.png",
      "--prompt",
      "a watercolor",
      "--strength",
      "0.5",
      "-m",
      "./sd",
      "-o",
      "painted.png",
      "--seed",
      "3",
      "--",
      "--steps",
      "4",
    ]);
    expect(r.stderr).toContain("Made a 64×48 image in 2 steps");
    expect(r.code).toBe(0);
    expect(pngSize(at("painted.png"))).toEqual([64, 48]);
    const metadata = await readOutputMetadata(at("painted.png"));
    expect(metadata).toMatchObject({
      task: "image-to-image",
      input: "photo.png",
      seed: 3,
      params: { prompt: "a watercolor", strength: 0.5, steps: 4, steps_run: 2, width: 64, height: 48 },
    });
    expect(readPngText(readFileSync(at("painted.png"))).parameters).toContain("Denoising strength: 0.5");

    // the same as parameters after --, and the strength changes the picture
    const same = await hftool([
      "-t",
      "i2i",
      "-i",
      "photo.png",
      "-m",
      "./sd",
      "-o",
      "same.png",
      "--seed",
      "3",
      "--",
      "--steps",
      "4",
      "--prompt",
      "a watercolor",
      "--strength",
      "0.5",
    ]);
    expect(same.code).toBe(0);
    expect(pixelChunks(at("same.png")).equals(pixelChunks(at("painted.png")))).toBe(true);
    const stronger = await hftool([
      "-t",
      "i2i",
      "-i",
      "photo.png",
      "--prompt",
      "a watercolor",
      "--strength",
      "1",
      "-m",
      "./sd",
      "-o",
      "strong.png",
      "--seed",
      "3",
      "--",
      "--steps",
      "4",
    ]);
    expect(stronger.code).toBe(0);
    expect(pixelChunks(at("strong.png")).equals(pixelChunks(at("painted.png")))).toBe(false);

    const info = await hftool(["info", "painted.png"]);
    expect(info.stdout).toMatch(/^ {2}Input {2,}photo\.png$/m);
    expect(info.stdout).toMatch(/^ {2}Strength {2,}0\.5$/m);
    expect(info.stdout).toMatch(/^ {2}Steps {2,}4 \(2 run\)$/m);
  });

  it("reads the image from stdin", async () => {
    await writeInputImage("photo.png");
    const r = await runCli(
      ["-t", "i2i", "-i", "-", "--prompt", "snow", "-m", "./sd", "-o", "piped.png", "--", "--steps", "2"],
      {
        cwd: user.cwd,
        env: user.env,
        input: readFileSync(at("photo.png")),
      },
    );
    expect(r.code).toBe(0);
    expect(pngSize(at("piped.png"))).toEqual([64, 48]);
  });
});

describe("bad input is refused before any model work, with what to do", () => {
  const failure = async (args: string[]) => {
    const r = await hftool(["--json", ...args]);
    return {
      code: r.code,
      error: JSON.parse(r.stdout).error as Record<string, unknown> & { details?: Record<string, unknown> },
    };
  };

  it.each([
    [
      "a width that is no multiple of 8",
      ["-t", "t2i", "-i", "a cat", "--", "--width", "500"],
      "width",
      /width must be a multiple of 8/,
      /--width 496/,
    ],
    [
      "a height that is no multiple of 8",
      ["-t", "t2i", "-i", "a cat", "--", "--height", "33"],
      "height",
      /height must be a multiple of 8/,
      /--height 32/,
    ],
    [
      "zero steps",
      ["-t", "t2i", "-i", "a cat", "--", "--steps", "0"],
      "steps",
      /steps must be a whole number from 1/,
      /1-4 steps/,
    ],
    [
      "strength above 1",
      ["-t", "i2i", "-i", "photo.png", "--prompt", "x", "--strength", "1.5"],
      "strength",
      /strength must be between 0 and 1, got 1.5/,
      /0.3 keeps/,
    ],
    [
      "negative strength",
      ["-t", "i2i", "-i", "photo.png", "--prompt", "x", "--", "--strength", "-0.2"],
      "strength",
      /strength must be between 0 and 1/,
      /0.3 keeps/,
    ],
    [
      "image-to-image without a prompt",
      ["-t", "i2i", "-i", "photo.png"],
      "prompt",
      /The prompt is empty/,
      /--prompt/,
    ],
  ])("%s", async (_, args, param, message, hint) => {
    await writeInputImage("photo.png");
    const { code, error } = await failure([...args.slice(0, 4), "-m", "./sd", ...args.slice(4)]);
    expect(code).toBe(2);
    expect(error).toMatchObject({ code: "DIFFUSION_PARAM_INVALID", details: { param } });
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    expect(readdirSync(user.cwd).filter((f) => f.endsWith(".png") && f !== "photo.png")).toEqual([]);
  });

  it("a file that is no image for image-to-image", async () => {
    writeFileSync(at("notes.txt"), "not a picture");
    const { code, error } = await failure(["-t", "i2i", "-i", "notes.txt", "--prompt", "x", "-m", "./sd"]);
    expect(code).toBe(1);
    expect(error).toMatchObject({
      code: "INPUT_NOT_IMAGE",
      message: expect.stringMatching(/^notes\.txt is not an image hftool can read/),
    });
    expect(error.hint).toMatch(/PNG, JPEG/);
  });

  it.each(["unet", "vae_decoder", "text_encoder", "tokenizer", "scheduler"] as const)(
    "a repo without its %s",
    async (component) => {
      writeTinyDiffusionRepo(at("broken"), { omit: [component] });
      const { code, error } = await failure(["-t", "t2i", "-i", "a cat", "-m", "./broken"]);
      expect(code).toBe(1);
      expect(error).toMatchObject({ code: "DIFFUSION_COMPONENT_MISSING", details: { component } });
      expect(error.message).toContain(component);
      expect(error.hint).toBeTruthy();
    },
  );

  it("image-to-image with a model that has no VAE encoder", async () => {
    writeTinyDiffusionRepo(at("t2i-only"), { omit: ["vae_encoder"] });
    await writeInputImage("photo.png");
    const { error } = await failure(["-t", "i2i", "-i", "photo.png", "--prompt", "x", "-m", "./t2i-only"]);
    expect(error).toMatchObject({
      code: "DIFFUSION_COMPONENT_MISSING",
      details: { component: "vae_encoder" },
    });
    expect(error.hint).toMatch(/can only do text-to-image/);
  });

  it("the prompt twice for text-to-image, and several images to stdout", async () => {
    const twice = await failure(["-t", "t2i", "-i", "a cat", "--prompt", "a dog", "-m", "./sd"]);
    expect(twice.code).toBe(2);
    expect(twice.error.message).toMatch(/takes its prompt once/);
    const stdout = await hftool([
      "-t",
      "t2i",
      "-i",
      "a cat",
      "-m",
      "./sd",
      "-o",
      "-",
      "--",
      "--num_images",
      "2",
    ]);
    expect(stdout.code).toBe(2);
    expect(stdout.stderr).toContain("-o - writes one image to stdout, but num_images is 2");
  });

  it("info on any output with a .hftool.json sidecar", async () => {
    buildVadFixture({ dir: at("vad") });
    writeFileSync(
      at("talk.wav"),
      encodeTestWav({
        channels: [burstSamples({ sampleRate: 16000, seconds: 3, spans: [[1, 2]] })],
        sampleRate: 16000,
      }),
    );
    expect(
      (
        await hftool([
          "-t",
          "vad",
          "-i",
          "talk.wav",
          "-m",
          "./vad",
          "-o",
          "talk.srt",
          "--",
          "--threshold",
          "0.6",
        ])
      ).code,
    ).toBe(0);
    const r = await hftool(["info", "talk.srt"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Task {2,}voice-activity-detection$/m);
    expect(r.stdout).toMatch(/^ {2}threshold {2,}0\.6$/m);
    expect(r.stdout).toMatch(/^ {2}Stored in {2,}\S+talk\.srt\.hftool\.json$/m);
    expect(r.stdout).toContain(`hftool -t vad -m ${at("vad")} -i talk.wav -- --threshold 0.6`);
  });

  it("info on a PNG hftool did not make, and on a file that does not exist", async () => {
    await writeInputImage("photo.png");
    const r = await hftool(["info", "photo.png"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "photo.png has no hftool metadata: it was not made by hftool, or was written with --no-metadata.",
    );
    const missing = await hftool(["info", "missing.png"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("File not found: missing.png.");
  });
});

describe("registry models and devices", () => {
  it("refuses a CUDA-only model on the CPU before downloading, naming one that runs there", async () => {
    const r = await hftool(["-t", "t2i", "-i", "a cat", "-m", "sd-turbo", "--device", "cpu"], {
      HF_ENDPOINT: "http://127.0.0.1:9",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "sd-turbo (onnxruntime/sd-turbo) runs only on CUDA, and this run uses the CPU: its ONNX weights are built with operators that only CUDA has.",
    );
    expect(r.stderr).toContain("-m sdxl-turbo-fp32");
    expect(existsSync(join(user.home, ".cache", "huggingface", "hub", "models--onnxruntime--sd-turbo"))).toBe(
      false,
    );
  });

  it("picks a default that runs on the device, with the registry's settings and its license", async () => {
    // offline: the plan names the model without asking any Hub for its files
    const plan = await hftool(["-t", "t2i", "-i", "a cat", "--device", "cpu", "--dry-run"], {
      HF_HUB_OFFLINE: "1",
    });
    expect(plan.stderr).toContain(
      "sd-turbo, the default, runs only on CUDA and this run uses the CPU: using sdxl-turbo-fp32 (stabilityai/sdxl-turbo, ~13.8 GB) instead.",
    );
    expect(plan.stdout).toMatch(
      /^License +sdxl-turbo-fp32 is licensed under the Stability AI Non-Commercial/m,
    );
    const r = await hftool(["-t", "t2i", "-i", "a cat", "--device", "cpu", "--dry-run", "--json"], {
      HF_HUB_OFFLINE: "1",
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      model: "stabilityai/sdxl-turbo",
      params: { steps: 1, guidance_scale: 0, width: 512, height: 512 },
      license: expect.stringContaining("which forbids commercial use"),
    });
    const info = await hftool(["info", "sd-turbo"]);
    expect(info.stdout).toMatch(/Runs on {2,}CUDA only \(--device cuda\)/);
    const models = JSON.parse((await hftool(["models", "-t", "i2i", "--json"])).stdout) as {
      name: string;
      providers: string[] | null;
    }[];
    expect(models.map((m) => [m.name, m.providers])).toEqual([
      ["sd-turbo", ["cuda"]],
      ["sdxl-turbo", ["cuda"]],
      ["sdxl-turbo-fp32", null],
    ]);
  });
});

// ── from the loopback Hub server ─────────────────────────────────────────────────────────────────

describe("hftool -t text-to-image / image-to-image with models from the loopback Hub server", () => {
  it(
    "downloads only the ONNX pipeline's files, runs t2i and then i2i (fetching the VAE encoder), offline afterwards",
    withHub(async (create) => {
      const repo = writeTinyDiffusionRepo(join(user.root, "repos", "sd"));
      // PyTorch weights beside the ONNX export, as stabilityai/sdxl-turbo has them: never fetched
      mkdirSync(join(repo, "vae"), { recursive: true });
      writeFileSync(join(repo, "unet", "diffusion_pytorch_model.safetensors"), "pytorch weights");
      writeFileSync(join(repo, "vae", "diffusion_pytorch_model.safetensors"), "pytorch weights");
      writeFileSync(join(repo, "README.md"), "# tiny sd\n");
      const cache = join(user.root, "hub-cache");
      const env = { HF_HUB_CACHE: cache };
      const server = await create({ repos: { "hftool-test/tiny-sd": repo }, host: "127.0.0.1", port: 0 });
      try {
        const t2i = await hftool(
          [
            "-t",
            "t2i",
            "-i",
            "a lighthouse",
            "-m",
            "hftool-test/tiny-sd",
            "-y",
            "-o",
            "hub.png",
            "--seed",
            "5",
            "--",
            "--steps",
            "2",
          ],
          { ...env, HF_ENDPOINT: server.url },
        );
        expect(t2i.stderr).toContain("Output saved to");
        expect(t2i.code).toBe(0);
        const files = listSnapshotFiles(cache, "hftool-test/tiny-sd");
        expect(files).toContain("unet/model.onnx");
        expect(files).toContain("model_index.json");
        expect(
          files.some((f) => f.includes("safetensors") || f.startsWith("vae_encoder/") || f === "README.md"),
        ).toBe(false);
        const metadata = await readOutputMetadata(at("hub.png"));
        expect(metadata).toMatchObject({ model: "hftool-test/tiny-sd", revision: "main", seed: 5 });
        expect(metadata!.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(pngSize(at("hub.png"))).toEqual([64, 64]);

        const i2i = await hftool(
          [
            "-t",
            "i2i",
            "-i",
            "hub.png",
            "--prompt",
            "in snow",
            "-m",
            "hftool-test/tiny-sd",
            "-y",
            "-o",
            "snow.png",
            "--",
            "--steps",
            "2",
            "--strength",
            "0.5",
          ],
          { ...env, HF_ENDPOINT: server.url },
        );
        expect(i2i.code).toBe(0);
        expect(listSnapshotFiles(cache, "hftool-test/tiny-sd")).toContain("vae_encoder/model.onnx");
      } finally {
        await server.close();
      }
      const offline = await hftool(
        [
          "-t",
          "t2i",
          "-i",
          "a lighthouse",
          "-m",
          "hftool-test/tiny-sd",
          "-o",
          "offline.png",
          "--seed",
          "5",
          "--",
          "--steps",
          "2",
        ],
        { ...env, HF_HUB_OFFLINE: "1", HF_ENDPOINT: "http://127.0.0.1:9" },
      );
      expect(offline.code).toBe(0);
      expect(pixelChunks(at("offline.png")).equals(pixelChunks(at("hub.png")))).toBe(true);
    }),
  );

  it(
    "the CPU default (sdxl-turbo-fp32): license shown before the download, the registry's settings applied",
    withHub(async (create) => {
      const repo = writeTinyDiffusionRepo(join(user.root, "repos", "sdxl"), { family: "sdxl" });
      const cache = join(user.root, "hub-cache");
      const server = await create({ repos: { "stabilityai/sdxl-turbo": repo }, host: "127.0.0.1", port: 0 });
      try {
        const r = await hftool(["-t", "t2i", "-i", "a fox", "--device", "cpu", "-y", "-o", "fox.png"], {
          HF_HUB_CACHE: cache,
          HF_ENDPOINT: server.url,
        });
        expect(r.code).toBe(0);
        const license = r.stderr.indexOf("which forbids commercial use");
        expect(license).toBeGreaterThan(-1);
        expect(license).toBeLessThan(r.stderr.indexOf("Downloaded"));
        expect(pngSize(at("fox.png"))).toEqual([512, 512]);
        expect(await readOutputMetadata(at("fox.png"))).toMatchObject({
          model: "stabilityai/sdxl-turbo",
          params: { steps: 1, guidance_scale: 0, width: 512, height: 512 },
        });
      } finally {
        await server.close();
      }
    }),
  );

  it(
    "hftool download fetches a diffusers repo's ONNX pipeline only, after its license, and says where it cannot run",
    withHub(async (create) => {
      const sdxl = writeTinyDiffusionRepo(join(user.root, "repos", "sdxl"), { family: "sdxl" });
      writeFileSync(join(sdxl, "unet", "diffusion_pytorch_model.fp16.safetensors"), "pytorch weights");
      writeFileSync(join(sdxl, "sd_xl_turbo_1.0_fp16.safetensors"), "pytorch weights");
      const olive = writeTinyDiffusionRepo(join(user.root, "repos", "olive"), { dtype: "fp16" });
      const cache = join(user.root, "hub-cache");
      const server = await create({
        repos: { "stabilityai/sdxl-turbo": sdxl, "onnxruntime/sd-turbo": olive },
        host: "127.0.0.1",
        port: 0,
      });
      try {
        const env = { HF_HUB_CACHE: cache, HF_ENDPOINT: server.url };
        const r = await hftool(["download", "-m", "sdxl-turbo-fp32"], env);
        expect(r.code).toBe(0);
        expect(r.stderr).toContain(
          "sdxl-turbo-fp32 is licensed under the Stability AI Non-Commercial Research Community License (sai-nc-community), which forbids commercial use",
        );
        const files = listSnapshotFiles(cache, "stabilityai/sdxl-turbo");
        expect(files).toEqual(
          expect.arrayContaining(["text_encoder_2/model.onnx", "unet/model.onnx", "vae_encoder/model.onnx"]),
        );
        expect(files.some((f) => f.endsWith(".safetensors"))).toBe(false);

        // an fp16 Olive repo downloads as it is; on a machine without CUDA hftool says what runs here
        const olived = await hftool(["download", "-m", "sd-turbo"], env);
        expect(olived.code).toBe(0);
        const here = await resolveDevice({ device: "auto" });
        if (here.device === "cpu") {
          expect(olived.stderr).toContain(
            "sd-turbo runs only on CUDA, which does not work on this machine (it runs on cpu); sdxl-turbo-fp32 runs here (hftool download -m sdxl-turbo-fp32).",
          );
        } else {
          expect(olived.stderr).not.toContain("does not work on this machine");
        }
        expect(listSnapshotFiles(cache, "onnxruntime/sd-turbo")).toContain("unet/model.onnx");
        // and both run offline from the cache
        const offline = await hftool(
          [
            "-t",
            "i2i",
            "-i",
            await writeInputImage("in.png"),
            "--prompt",
            "x",
            "-m",
            "sdxl-turbo-fp32",
            "--device",
            "cpu",
            "-o",
            "x.png",
          ],
          {
            HF_HUB_CACHE: cache,
            HF_HUB_OFFLINE: "1",
          },
        );
        expect(offline.code).toBe(0);
      } finally {
        await server.close();
      }
    }),
  );

  it(
    "a Hub repo missing a component fails before anything is downloaded",
    withHub(async (create) => {
      const repo = writeTinyDiffusionRepo(join(user.root, "repos", "broken"), { omit: ["vae_decoder"] });
      const cache = join(user.root, "hub-cache");
      const server = await create({ repos: { "hftool-test/broken-sd": repo }, host: "127.0.0.1", port: 0 });
      try {
        const r = await hftool(["-t", "t2i", "-i", "a fox", "-m", "hftool-test/broken-sd", "-y"], {
          HF_HUB_CACHE: cache,
          HF_ENDPOINT: server.url,
        });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("hftool-test/broken-sd has no vae_decoder/model.onnx");
        expect(existsSync(join(cache, "models--hftool-test--broken-sd", "blobs"))).toBe(false);
      } finally {
        await server.close();
      }
    }),
  );
});
