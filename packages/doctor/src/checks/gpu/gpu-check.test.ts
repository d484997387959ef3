import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createFakeMachine, fixture, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { runDoctor } from "../../run-doctor.js";
import type { CheckResult } from "../../types.js";

let machine: FakeMachine;
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(() => machine.cleanup());

async function gpu(overrides: Parameters<FakeMachine["environment"]>[0] = {}): Promise<CheckResult> {
  const report = await runDoctor({ checks: ["gpu"], environment: machine.environment(overrides) });
  return report.checks[0]!;
}

const h100 = () =>
  machine.stub(
    "nvidia-smi",
    { stdout: fixture("nvidia-h100/banner.txt") },
    { "--query-gpu": { stdout: fixture("nvidia-h100/query.csv") } },
  );

describe("gpu check", () => {
  it("says CPU only on a machine without any GPU", async () => {
    const result = await gpu();
    expect(result.status).toBe("info");
    expect(result.message).toBe("No GPU found: models run on the CPU.");
  });

  it("reads an NVIDIA H100 through nvidia-smi: name, memory, driver, CUDA version", async () => {
    h100();
    const result = await gpu();
    expect(result.status).toBe("ok");
    expect(result.message).toBe("NVIDIA H100 80GB HBM3 (79.6 GB).");
    expect(result.details).toContain("NVIDIA: NVIDIA H100 80GB HBM3, 79.6 GB, 79.6 GB free.");
    expect(result.details).toContain("NVIDIA driver 580.159.04, supports CUDA up to 13.0.");
    expect(result.details.at(-1)).toMatch(
      /^Every default model fits in the 79\.6 GB free \(largest: onnxruntime\/sd-turbo/,
    );
    expect(result.data.nvidia).toMatchObject({
      source: "nvidia-smi",
      driverVersion: "580.159.04",
      cudaVersion: "13.0",
    });
  });

  it("warns when the free GPU memory is below what the largest default model needs", async () => {
    machine.stub(
      "nvidia-smi",
      { stdout: "" },
      { "--query-gpu": { stdout: "0, NVIDIA GeForce GTX 1650, 4096, 3500, 535.183.01\n" } },
    );
    const result = await gpu();
    expect(result.status).toBe("warning");
    expect(result.message).toMatch(
      /^NVIDIA GeForce GTX 1650 \(4\.0 GB\): only 596\.0 MB free, too little for \d+ default models \(largest onnxruntime\/sd-turbo/,
    );
    expect(result.details.join("\n")).toContain("onnxruntime/sd-turbo");
    expect(result.suggestions.map((s) => s.command)).toContain("nvidia-smi");
  });

  it("reports a driver that is installed but not loaded, with nvidia-smi's own words", async () => {
    machine.stub("nvidia-smi", { stdout: fixture("nvidia-errors/driver-unreachable.txt"), exitCode: 9 });
    const result = await gpu();
    expect(result.status).toBe("warning");
    expect(result.message).toContain("cannot talk to the NVIDIA driver");
    expect(result.details[0]).toContain("couldn't communicate with the NVIDIA driver");
    expect(result.suggestions.map((s) => s.command)).toContain("lsmod | grep nvidia");
  });

  it("calls a driver/library version mismatch an error that a reboot fixes", async () => {
    machine.stub("nvidia-smi", { stdout: fixture("nvidia-errors/version-mismatch.txt"), exitCode: 18 });
    const result = await gpu();
    expect(result.status).toBe("error");
    expect(result.message).toContain("updated without a reboot");
    expect(result.suggestions[0]!.description).toMatch(/^Reboot/);
  });

  it("falls back to /proc/driver/nvidia when nvidia-smi is missing", async () => {
    machine.write("proc/driver/nvidia/version", fixture("nvidia-h100/proc-version.txt"));
    machine.write("proc/driver/nvidia/gpus/0000:00:06.0/information", fixture("nvidia-h100/information.txt"));
    const result = await gpu();
    expect(result.status).toBe("ok");
    expect(result.message).toBe("NVIDIA H100 80GB HBM3.");
    expect(result.details).toContain("NVIDIA: NVIDIA H100 80GB HBM3, memory unknown.");
    expect(result.details.join("\n")).toContain("from /proc/driver/nvidia; nvidia-smi is not available");
  });

  it("reads AMD GPUs through rocm-smi, and says onnxruntime-node cannot use them through ROCm", async () => {
    machine.stub("rocm-smi", { stdout: fixture("rocm/showproductname-showmeminfo-vram.json") });
    machine.write("sys/class/kfd/kfd/topology/nodes/1/properties", "gfx_target_version 110000\n");
    const result = await gpu();
    expect(result.status).toBe("info");
    expect(result.message).toMatch(
      /^Radeon RX 7900 XTX \(24\.0 GB\), AMD GPU \(device 0x164e\) \(512\.0 MB\): ONNX Runtime for Node has no ROCm provider/,
    );
    expect(result.details.join("\n")).toContain("ROCm compute driver loaded");
    expect(result.data.amd).toMatchObject({ source: "rocm-smi", rocmDriver: true });
  });

  it("reads AMD GPUs from the amdgpu driver's sysfs files when rocm-smi is absent", async () => {
    machine.write("sys/class/drm/card0/device/vendor", "0x1002\n");
    machine.write("sys/class/drm/card0/device/mem_info_vram_total", "17163091968\n");
    machine.write("sys/class/drm/card0/device/mem_info_vram_used", "412643328\n");
    machine.write("sys/class/drm/card0/device/product_name", "AMD Radeon PRO W6800\n");
    machine.write("sys/class/drm/card1/device/vendor", "0x8086\n"); // an Intel iGPU: not AMD
    const result = await gpu();
    expect(result.status).toBe("info");
    expect(result.message).toMatch(/^AMD Radeon PRO W6800 \(16\.0 GB\)/);
    expect(result.data.amd).toMatchObject({ source: "sysfs", rocmDriver: false });
  });

  it("recognises Apple silicon, and warns about an x64 Node under Rosetta", async () => {
    machine.stub("sysctl", { stdout: "Apple M2 Pro\n" }, { proc_translated: { stdout: "1\n" } });
    const native = await gpu({ platform: "darwin", arch: "arm64", totalMemoryBytes: 32 * 1024 ** 3 });
    expect(native.status).toBe("ok");
    expect(native.message).toBe("Apple M2 Pro (32.0 GB).");
    expect(native.details).toContain("Apple: Apple M2 Pro, 32.0 GB unified memory (CoreML provider).");

    const rosetta = await gpu({ platform: "darwin", arch: "x64", totalMemoryBytes: 32 * 1024 ** 3 });
    expect(rosetta.status).toBe("warning");
    expect(rosetta.message).toContain("under Rosetta 2 on Apple M2 Pro");
  });
});
