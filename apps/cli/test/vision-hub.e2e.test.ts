// Every vision task with its model fetched from the loopback Hub-protocol server of
// @hftool/download (createHubServer) through HF_ENDPOINT, as users fetch from the Hub: only the
// files the task needs are downloaded, then the built `hftool` runs the model and the output is
// checked.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
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
  runCli,
  type TempHome,
} from "@hftool/test-utils";
import { listSnapshotFiles, withHub } from "./hub-fixture.js";

let user: TempHome;
let cache: string;
const file = (name: string) => join(user.cwd, name);
const repo = (name: string) => join(user.root, "repos", name);
const hftool = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(args, { cwd: user.cwd, env: { ...user.env, HF_HUB_CACHE: cache, ...env }, timeoutMs: 120_000 });

beforeEach(() => {
  user = createTempHome();
  cache = join(user.root, "hub-cache");
});
afterEach(() => user.cleanup());

const snapshotFiles = (id: string) => listSnapshotFiles(cache, id);

describe("vision tasks with models from the loopback Hub server", () => {
  it(
    "downloads each task's model (only the files it needs), runs it, and checks the output",
    withHub(async (create) => {
      buildImageClassifierFixture({ dir: repo("vit"), dtypes: ["fp32", "q8"] });
      buildClipFixture({ dir: repo("clip") });
      // a CLIP repo also holds its towers as separate files, which zero-shot classification never loads
      writeFileSync(
        join(repo("clip"), "onnx", "text_model.onnx"),
        readFileSync(join(repo("clip"), "onnx", "model.onnx")),
      );
      buildDetrFixture({ dir: repo("detr") });
      buildSegformerFixture({ dir: repo("segformer") });
      buildMattingFixture({ dir: repo("rmbg"), flavour: "rmbg" });
      buildDepthFixture({ dir: repo("depth") });
      buildCaptionerFixture({ dir: repo("captioner"), dtypes: ["fp32", "q8"] });
      buildSwin2srFixture({ dir: repo("swin2sr") });
      mkdirSync(user.cwd, { recursive: true });
      writeFileSync(file("red.png"), await encodeTestImage({ width: 40, height: 30, background: "red" }));
      writeFileSync(
        file("scene.jpg"),
        await encodeTestImage({
          width: 128,
          height: 96,
          format: "jpeg",
          background: "blue",
          rects: [{ x: 0, y: 0, width: 64, height: 48, colour: "red" }],
        }),
      );
      const names = ["vit", "clip", "detr", "segformer", "rmbg", "depth", "captioner", "swin2sr"];
      const server = await create({
        repos: Object.fromEntries(names.map((name) => [`hftool-test/${name}`, repo(name)])),
        host: "127.0.0.1",
        port: 0,
      });
      const run = async (task: string, name: string, input: string, output: string, ...rest: string[]) => {
        const r = await hftool(
          ["-t", task, "-i", input, "-m", `hftool-test/${name}`, "-y", "-o", output, ...rest],
          {
            HF_ENDPOINT: server.url,
          },
        );
        expect(r.stderr).toContain("Output saved to");
        expect(r.code).toBe(0);
        return r;
      };
      try {
        await run("image-classification", "vit", "red.png", "labels.json", "--dtype", "q8");
        expect(JSON.parse(readFileSync(file("labels.json"), "utf8")).labels[0].label).toBe("red");
        expect(snapshotFiles("hftool-test/vit")).toEqual([
          "config.json",
          "onnx/model_quantized.onnx",
          "preprocessor_config.json",
        ]);

        await run("zero-shot-image-classification", "clip", "red.png", "clip.json", "--labels", "blue,red");
        expect(JSON.parse(readFileSync(file("clip.json"), "utf8")).labels[0].label).toBe("red");
        expect(snapshotFiles("hftool-test/clip")).not.toContain("onnx/text_model.onnx");
        expect(snapshotFiles("hftool-test/clip")).toContain("tokenizer.json");

        await run("object-detection", "detr", "scene.jpg", "boxes.png");
        expect(await decodeImage({ data: readFileSync(file("boxes.png")) })).toMatchObject({
          width: 128,
          height: 96,
        });

        await run("image-segmentation", "segformer", "scene.jpg", "regions.json");
        const regions = JSON.parse(readFileSync(file("regions.json"), "utf8"));
        expect(regions.segments.map((s: { label: string }) => s.label).sort()).toEqual(["blue", "red"]);

        await run("background-removal", "rmbg", "scene.jpg", "cutout.png");
        const cutout = await decodeImage({ data: readFileSync(file("cutout.png")) });
        expect(cutout).toMatchObject({ width: 128, height: 96, channels: 4 });

        await run("depth-estimation", "depth", "scene.jpg", "depth.png");
        expect(readFileSync(file("depth.png"))[25]).toBe(0); // grey PNG

        await run("image-to-text", "captioner", "red.png", "caption.txt", "--dtype", "q8");
        expect(readFileSync(file("caption.txt"), "utf8")).toBe("a red picture\n");
        expect(snapshotFiles("hftool-test/captioner").filter((f) => f.endsWith(".onnx"))).toEqual([
          "onnx/decoder_model_merged_quantized.onnx",
          "onnx/encoder_model_quantized.onnx",
        ]);

        await run("image-upscaling", "swin2sr", "red.png", "big.png");
        expect(await decodeImage({ data: readFileSync(file("big.png")) })).toMatchObject({
          width: 80,
          height: 60,
        });
      } finally {
        await server.close();
      }
      // and again from the cache alone
      const offline = await hftool(
        ["-t", "caption", "-i", "red.png", "-m", "hftool-test/captioner", "--dtype", "q8", "-o", "-"],
        {
          HF_HUB_OFFLINE: "1",
          HF_ENDPOINT: "http://127.0.0.1:9",
        },
      );
      expect(offline.code).toBe(0);
      expect(offline.stdout).toBe("a red picture\n");
    }),
  );
});
