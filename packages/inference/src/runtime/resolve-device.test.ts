import { describe, expect, it } from "@jest/globals";
import { UsageError } from "@hftool/core";
import { encodeOnnxModel } from "@hftool/test-utils";
import { DeviceUnavailableError } from "../errors/errors.js";
import { executionProvidersFor } from "./execution-providers-for.js";
import { loadOnnxRuntime } from "./load-onnxruntime.js";
import { PROBE_MODEL } from "./probe-model.js";
import { autoDeviceOrder, resolveDevice } from "./resolve-device.js";

describe("PROBE_MODEL", () => {
  it("is the Relu model encodeOnnxModel builds, and runs", async () => {
    const expected = encodeOnnxModel({
      graph: {
        name: "probe",
        nodes: [{ op: "Relu", inputs: ["x"], outputs: ["y"] }],
        inputs: [{ name: "x", type: "float32", shape: [1] }],
        outputs: [{ name: "y", type: "float32", shape: [1] }],
      },
    });
    expect(Buffer.from(PROBE_MODEL).equals(Buffer.from(expected))).toBe(true);
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(PROBE_MODEL);
    const { y } = await session.run({ x: new ort.Tensor("float32", Float32Array.of(-2), [1]) });
    expect(Array.from(y!.data as Float32Array)).toEqual([0]);
  });
});

describe("executionProvidersFor", () => {
  it("maps devices and GPU indexes to onnxruntime execution providers", () => {
    expect(executionProvidersFor({ device: "cpu" })).toEqual(["cpu"]);
    expect(executionProvidersFor({ device: "cuda", gpu: 1 })).toEqual([{ name: "cuda", deviceId: 1 }]);
    expect(executionProvidersFor({ device: "tensorrt" })).toEqual([
      { name: "tensorrt", deviceId: 0 },
      { name: "cuda", deviceId: 0 },
    ]);
    expect(executionProvidersFor({ device: "dml", gpu: 2 })).toEqual([{ name: "dml", deviceId: 2 }]);
    expect(executionProvidersFor({ device: "coreml" })).toEqual(["coreml"]);
    expect(() => executionProvidersFor({ device: "auto" })).toThrow(UsageError);
  });
});

describe("resolveDevice", () => {
  it("resolves cpu, which always loads", async () => {
    const cpu = await resolveDevice({ device: "cpu" });
    expect(cpu).toEqual({ requested: "cpu", device: "cpu", executionProviders: ["cpu"], skipped: [] });
  });

  it("picks the first device of the platform's order that really loads, and says what it skipped", async () => {
    const auto = await resolveDevice({ device: "auto" });
    const order = autoDeviceOrder();
    expect(order).toContain(auto.device);
    expect(auto.skipped.map((s) => s.device)).toEqual(order.slice(0, order.indexOf(auto.device)));
    for (const skip of auto.skipped) expect(skip.reason).not.toBe("");
    // what it chose creates sessions
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(PROBE_MODEL, {
      executionProviders: auto.executionProviders,
    });
    await session.release();
  });

  it("falls back past a provider this build lacks (CoreML asked for on Linux)", async () => {
    if (process.platform === "darwin") {
      console.log("skipped: on macOS CoreML may really load, so the fallback cannot be forced");
      return;
    }
    const auto = await resolveDevice({ device: "auto", platform: "darwin" });
    expect(auto.device).toBe("cpu");
    expect(auto.skipped).toEqual([
      { device: "coreml", reason: "this onnxruntime-node build does not include it" },
    ]);
  });

  it("refuses a named device that does not load, saying what to do", async () => {
    const device = process.platform === "win32" ? "coreml" : "dml";
    const error = await resolveDevice({ device }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceUnavailableError);
    expect((error as DeviceUnavailableError).message).toMatch(new RegExp(`${device} device does not load`));
    expect((error as DeviceUnavailableError).hint).toMatch(/--device (auto|cpu)/);
  });

  it("either loads CUDA or explains why not", async () => {
    const result = await resolveDevice({ device: "cuda", gpu: "0" }).catch((e: unknown) => e);
    if (result instanceof Error) {
      expect(result).toBeInstanceOf(DeviceUnavailableError);
      expect((result as DeviceUnavailableError).hint).toMatch(/cpu/);
    } else {
      expect(result).toMatchObject({
        device: "cuda",
        gpu: 0,
        executionProviders: [{ name: "cuda", deviceId: 0 }],
      });
    }
  });

  it("rejects unknown devices and bad GPU indexes", async () => {
    await expect(resolveDevice({ device: "tpu" })).rejects.toThrow(/Unknown device 'tpu'/);
    await expect(resolveDevice({ device: "cuda", gpu: "first" })).rejects.toThrow(UsageError);
    await expect(resolveDevice({ device: "cpu", gpu: -1 })).rejects.toThrow(/GPU index/);
  });
});
