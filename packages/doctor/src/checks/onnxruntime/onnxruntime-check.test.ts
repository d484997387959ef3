import { copyFileSync, cpSync, linkSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { encodeOnnxModel } from "@hftool/test-utils";
import * as ort from "onnxruntime-node";
import { createFakeMachine, fixture, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { resolvePackage } from "../../environment/resolve-package.js";
import { runDoctor } from "../../run-doctor.js";
import type { CheckResult } from "../../types.js";
import { IDENTITY_MODEL_BASE64 } from "./identity-model.js";

const realOrt = resolvePackage({ name: "onnxruntime-node", bases: [import.meta.url] })!;
const binSubdir = join("bin", "napi-v6", process.platform, process.arch);

let machine: FakeMachine;
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(() => machine.cleanup());

async function check(overrides: Parameters<FakeMachine["environment"]>[0] = {}): Promise<CheckResult> {
  const report = await runDoctor({
    checks: ["onnxruntime"],
    environment: machine.environment({ platform: process.platform, ...overrides }),
  });
  return report.checks[0]!;
}

function h100(): void {
  machine.stub(
    "nvidia-smi",
    { stdout: fixture("nvidia-h100/banner.txt") },
    { "--query-gpu": { stdout: fixture("nvidia-h100/query.csv") } },
  );
}

/**
 * A private copy of onnxruntime-node whose CUDA provider files exist but are empty, as when the
 * download was cut short: the provider is "installed" and still cannot load. The native
 * libraries are hard-linked (copied across file systems) so ONNX Runtime looks for providers
 * next to the copy.
 */
function ortWithBrokenCudaProvider(): string {
  const root = join(machine.root, "app");
  const dir = join(root, "node_modules", "onnxruntime-node");
  mkdirSync(join(dir, binSubdir), { recursive: true });
  cpSync(join(realOrt.dir, "dist"), join(dir, "dist"), { recursive: true });
  copyFileSync(join(realOrt.dir, "package.json"), join(dir, "package.json"));
  const common = resolvePackage({ name: "onnxruntime-common", bases: [realOrt.entry] })!;
  symlinkSync(common.dir, join(root, "node_modules", "onnxruntime-common"), "dir");
  for (const file of ["libonnxruntime.so.1", "onnxruntime_binding.node"]) {
    try {
      linkSync(join(realOrt.dir, binSubdir, file), join(dir, binSubdir, file));
    } catch {
      copyFileSync(join(realOrt.dir, binSubdir, file), join(dir, binSubdir, file));
    }
  }
  for (const lib of ["cuda", "shared"])
    writeFileSync(join(dir, binSubdir, `libonnxruntime_providers_${lib}.so`), "");
  return root;
}

describe("the embedded identity model", () => {
  it("is exactly what encodeOnnxModel writes today, and runs", async () => {
    const encoded = encodeOnnxModel({
      graph: {
        name: "probe",
        nodes: [{ op: "Identity", inputs: ["x"], outputs: ["y"] }],
        inputs: [{ name: "x", type: "float32", shape: [1] }],
        outputs: [{ name: "y", type: "float32", shape: [1] }],
      },
    });
    expect(Buffer.from(encoded).toString("base64")).toBe(IDENTITY_MODEL_BASE64);
    const session = await ort.InferenceSession.create(Buffer.from(IDENTITY_MODEL_BASE64, "base64"));
    const out = await session.run({ x: new ort.Tensor("float32", Float32Array.from([7]), [1]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([7]);
    await session.release();
  });
});

describe("onnxruntime check", () => {
  it("loads the real onnxruntime-node, lists its providers and proves the CPU one works", async () => {
    const result = await check();
    expect(result.status).toBe("ok");
    expect(result.message).toMatch(/^onnxruntime-node 1\.30\.0: cpu works/);
    const providers = result.data.providers as { name: string; works: boolean; tried: boolean }[];
    expect(providers.find((p) => p.name === "cpu")).toMatchObject({ works: true, tried: true });
    // Every provider the binary lists was really tried, not just listed.
    expect(providers.every((p) => p.tried)).toBe(true);
    expect(result.data.version).toBe("1.30.0");
  });

  const linuxX64 = process.platform === "linux" && process.arch === "x64";
  const onLinuxX64 = linuxX64 ? it : it.skip;
  if (!linuxX64) {
    console.log(
      `Skipping the CUDA-provider tests: onnxruntime-node has a CUDA build only for linux-x64, not ${process.platform}-${process.arch}.`,
    );
  }

  onLinuxX64(
    "on an NVIDIA machine without the CUDA provider, gives the exact command that fetches it",
    async () => {
      h100();
      machine.env.ONNXRUNTIME_NODE_INSTALL = "skip";
      const result = await check();
      expect(result.status).toBe("warning");
      expect(result.message).toContain(
        "the NVIDIA GPU is unused because onnxruntime-node's CUDA provider is not installed",
      );
      expect(result.suggestions[0]!.command).toBe(
        `ONNXRUNTIME_NODE_INSTALL=cuda12 node ${join(realOrt.dir, "script", "install.js")}`,
      );
      expect(result.details).toContain(
        "ONNXRUNTIME_NODE_INSTALL=skip is set in this environment: that is why installs skip the CUDA provider.",
      );
      // This workspace installs with pnpm, which needs the build script allowed.
      expect(result.details.join("\n")).toContain("onlyBuiltDependencies");
    },
  );

  onLinuxX64(
    "when the CUDA provider is installed but cannot load, says why and which CUDA 12 libraries are missing",
    async () => {
      h100();
      machine.stub("ldconfig", { stdout: fixture("nvidia-h100/ldconfig.txt") });
      const app = ortWithBrokenCudaProvider();
      const result = await check({ packageBases: [app] });
      expect(result.status).toBe("error");
      expect(result.message).toContain(
        "the CUDA provider is installed but fails: OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library",
      );
      expect(result.details).toContain(
        "ONNX Runtime could not load libonnxruntime_providers_shared.so: file too short.",
      );
      expect(result.details).toContain(
        "The loader cannot find libcudart.so.12, libcublas.so.12, libcublasLt.so.12, libcufft.so.11 (found other versions: libcublas.so.13, libcublasLt.so.13, libcudart.so.13, libcufft.so.12).",
      );
      expect(result.suggestions.at(-1)!.description).toContain("CUDA-ExecutionProvider.html#requirements");
    },
  );

  it("reports a copy of onnxruntime-node that does not load", async () => {
    const app = join(machine.root, "broken-app");
    const dir = join(app, "node_modules", "onnxruntime-node");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "onnxruntime-node", version: "1.30.0", main: "index.js" }),
    );
    writeFileSync(
      join(dir, "index.js"),
      'throw new Error("libonnxruntime.so.1: cannot open shared object file: No such file or directory");',
    );
    const result = await check({ packageBases: [app] });
    expect(result.status).toBe("error");
    expect(result.message).toBe(
      `onnxruntime-node 1.30.0 is installed but does not load on ${process.platform}-${process.arch}.`,
    );
    expect(result.details.join("\n")).toContain("libonnxruntime.so.1: cannot open shared object file");
  });

  it("reports onnxruntime-node missing", async () => {
    const result = await check({ packageBases: [machine.cwd] });
    expect(result.status).toBe("error");
    expect(result.message).toBe("onnxruntime-node is not installed: hftool cannot run any model.");
  });
});
