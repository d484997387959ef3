import { describe, expect, it } from "@jest/globals";
import { ModelProviderError } from "../errors/errors.js";
import { describeProviders } from "./describe-providers.js";
import { getDefaultModel } from "./get-default-model.js";
import { modelLicenseNotice } from "./model-license-notice.js";
import { MODELS } from "./model-registry.js";
import { modelRunsOn } from "./model-runs-on.js";
import { resolveModel } from "./resolve-model.js";

describe("modelRunsOn", () => {
  it("accepts any provider for entries without a list, and the listed ones (TensorRT with its CUDA fallback) otherwise", () => {
    expect(modelRunsOn({ entry: {}, providers: ["cpu"] })).toBe(true);
    expect(modelRunsOn({ entry: { providers: ["cuda"] }, providers: ["cpu"] })).toBe(false);
    expect(modelRunsOn({ entry: { providers: ["cuda"] }, providers: ["cuda"] })).toBe(true);
    expect(modelRunsOn({ entry: { providers: ["cuda"] }, providers: ["tensorrt", "cuda"] })).toBe(true);
    expect(modelRunsOn({ entry: { providers: ["cuda"] }, providers: ["dml"] })).toBe(false);
  });

  it("names providers as people do", () => {
    expect(describeProviders(["cuda"])).toBe("CUDA");
    expect(describeProviders(["cuda", "tensorrt", "dml"])).toBe("CUDA, TensorRT or DirectML");
    expect(describeProviders(["something"])).toBe("something");
  });
});

describe("provider-aware model choice", () => {
  const cudaOnly = MODELS.filter((m) => m.providers?.length);

  it("marks the onnxruntime/* Olive builds as CUDA-only and nothing else", () => {
    expect(cudaOnly.map((m) => `${m.task}:${m.name}`).sort()).toEqual([
      "image-to-image:sd-turbo",
      "image-to-image:sdxl-turbo",
      "text-to-image:sd-turbo",
      "text-to-image:sdxl-turbo",
    ]);
    for (const m of cudaOnly) expect(m.repo.startsWith("onnxruntime/")).toBe(true);
  });

  it("keeps the default on CUDA and passes over a CUDA-only default on the CPU", () => {
    for (const task of ["text-to-image", "image-to-image"]) {
      const gpu = resolveModel({ task, providers: ["cuda"] });
      expect(gpu).toMatchObject({ kind: "registry", repo: "onnxruntime/sd-turbo" });
      expect(gpu.kind === "registry" && gpu.replacedDefault).toBeFalsy();
      const cpu = resolveModel({ task, providers: ["cpu"] });
      expect(cpu).toMatchObject({
        kind: "registry",
        repo: "stabilityai/sdxl-turbo",
        requested: "sdxl-turbo-fp32",
      });
      expect(cpu.kind === "registry" && cpu.replacedDefault?.name).toBe("sd-turbo");
      expect(getDefaultModel(task)?.name).toBe("sd-turbo");
      expect(getDefaultModel(task, { providers: ["cpu"] })?.name).toBe("sdxl-turbo-fp32");
      expect(getDefaultModel(task, { providers: ["tensorrt", "cuda"] })?.name).toBe("sd-turbo");
    }
    // tasks without provider limits are unaffected
    expect(resolveModel({ task: "asr", providers: ["cpu"] })).toMatchObject({ requested: "whisper-base" });
  });

  it("refuses a CUDA-only model named on the CPU, naming one that runs there", () => {
    let error: unknown;
    try {
      resolveModel({ task: "t2i", model: "sd-turbo", providers: ["cpu"] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelProviderError);
    const e = error as ModelProviderError;
    expect(e.code).toBe("MODEL_PROVIDER_UNSUPPORTED");
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      "sd-turbo (onnxruntime/sd-turbo) runs only on CUDA, and this run uses the CPU: its ONNX weights are built with operators that only CUDA has.",
    );
    expect(e.hint).toContain("-m sdxl-turbo-fp32");
    expect(e.hint).toContain("--device cuda");
    // by repo id too; any Hub repo or local folder is the user's call
    expect(() => resolveModel({ task: "i2i", model: "onnxruntime/sdxl-turbo", providers: ["cpu"] })).toThrow(
      ModelProviderError,
    );
    expect(resolveModel({ task: "t2i", model: "someone/sd-onnx", providers: ["cpu"] })).toMatchObject({
      kind: "hub",
    });
    expect(resolveModel({ task: "t2i", model: "sd-turbo", providers: ["cuda"] })).toMatchObject({
      repo: "onnxruntime/sd-turbo",
    });
  });
});

describe("modelLicenseNotice", () => {
  it("names a non-commercial license and where to read it", () => {
    const sd = MODELS.find((m) => m.name === "sd-turbo")!;
    expect(modelLicenseNotice(sd)).toBe(
      "sd-turbo is licensed under the Stability AI Non-Commercial Research Community License (sai-nc-community), which forbids commercial use; read it at https://huggingface.co/onnxruntime/sd-turbo before using the outputs.",
    );
    const mms = MODELS.find((m) => m.name === "mms-tts-eng")!;
    expect(modelLicenseNotice(mms)).toMatch(
      /^mms-tts-eng is licensed under cc-by-nc-4.0, which forbids commercial use/,
    );
  });

  it("says how to get a gated repo, and nothing for open licenses", () => {
    expect(modelLicenseNotice({ name: "x", repo: "org/x", license: "llama3.2", gated: true })).toBe(
      "org/x is gated: accept its terms at https://huggingface.co/org/x and set HF_TOKEN (or run 'hf auth login') to download it.",
    );
    expect(modelLicenseNotice(MODELS.find((m) => m.name === "whisper-base")!)).toBeUndefined();
  });
});
