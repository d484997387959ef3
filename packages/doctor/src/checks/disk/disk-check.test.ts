import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createFakeMachine, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { runDoctor } from "../../run-doctor.js";
import type { FileSystemSpace } from "../../environment/doctor-environment.js";
import type { CheckResult } from "../../types.js";

const GiB = 1024 ** 3;

let machine: FakeMachine;
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(() => machine.cleanup());

async function disk(statfs?: (path: string) => Promise<FileSystemSpace>): Promise<CheckResult> {
  const environment = machine.environment(statfs ? { statfs } : {});
  return (await runDoctor({ checks: ["disk"], environment })).checks[0]!;
}

/** A file system with `available` bytes free to users (and more reserved for root). */
const space = (available: number) => async () => ({
  bavail: available / 4096,
  bsize: 4096,
  blocks: (500 * GiB) / 4096,
});

describe("disk check", () => {
  it("measures the real file system of the nearest existing folder, with statfs", async () => {
    const result = await disk();
    expect(result.data.checkedPath).toBe(machine.home);
    expect(result.data.availableBytes as number).toBeGreaterThan(0);
    expect(["ok", "warning", "error"]).toContain(result.status);
  });

  it("compares what is free with what the default models not yet downloaded need", async () => {
    const plenty = await disk(space(200 * GiB));
    expect(plenty.status).toBe("ok");
    expect(plenty.message).toMatch(
      /^200\.0 GB free for ~\/\.cache\/huggingface\/hub \(the default models not yet downloaded need \d+\.\d GB\)\.$/,
    );

    const tight = await disk(space(5 * GiB));
    expect(tight.status).toBe("warning");
    expect(tight.message).toMatch(
      /^5\.0 GB free for ~\/\.cache\/huggingface\/hub, less than the \d+\.\d GB the default models not yet downloaded need\.$/,
    );

    const full = await disk(space(0.5 * GiB));
    expect(full.status).toBe("error");
    expect(full.message).toBe(
      "Only 512.0 MB free for ~/.cache/huggingface/hub: downloads and outputs will fail.",
    );
    expect(full.suggestions.map((s) => s.command)).toContain("hftool cache prune");
  });

  it("does not count default models that are already downloaded", async () => {
    const before = (await disk(space(200 * GiB))).data.defaultModels as {
      downloaded: number;
      missingBytes: number;
    };
    mkdirSync(join(machine.home, ".cache/huggingface/hub/models--stabilityai--sdxl-turbo/snapshots/abc"), {
      recursive: true,
    });
    const after = (await disk(space(200 * GiB))).data.defaultModels as {
      downloaded: number;
      missingBytes: number;
    };
    expect(after.downloaded).toBe(before.downloaded + 1);
    expect(before.missingBytes - after.missingBytes).toBeGreaterThan(13 * GiB);
  });

  it("counts the models runs will use: CUDA-only defaults only with onnxruntime-node's CUDA provider", async () => {
    const models = (result: CheckResult) =>
      result.data.defaultModels as { providers: string[]; missingBytes: number; count: number };
    // this machine's onnxruntime-node, installed without the CUDA download: text-to-image and
    // image-to-image run the fp32 SDXL-Turbo export instead of the fp16 CUDA-only SD-Turbo
    const cpu = await disk(space(200 * GiB));
    expect(models(cpu).providers).toEqual(["cpu"]);
    expect(cpu.details).toContainEqual(
      expect.stringMatching(
        /^Without the CUDA provider, text-to-image and image-to-image run stabilityai\/sdxl-turbo \([\d.]+ GB\) instead of onnxruntime\/sd-turbo: counted instead\.$/,
      ),
    );

    // an onnxruntime-node whose optional install step added the CUDA provider's libraries
    const dir = join(machine.root, "onnxruntime-node");
    const bin = join(dir, "bin", "napi-v6", process.platform, process.arch);
    mkdirSync(bin, { recursive: true });
    for (const lib of ["providers_cuda", "providers_shared"]) {
      writeFileSync(
        join(bin, process.platform === "win32" ? `onnxruntime_${lib}.dll` : `libonnxruntime_${lib}.so`),
        "",
      );
    }
    const environment = machine.environment({
      statfs: space(200 * GiB),
      resolvePackage: (name) =>
        name === "onnxruntime-node"
          ? { name, version: "1.30.0", dir, entry: join(dir, "dist", "index.js") }
          : undefined,
    });
    const cuda = (await runDoctor({ checks: ["disk"], environment })).checks[0]!;
    expect(models(cuda).providers).toEqual(["cuda", "cpu"]);
    expect(cuda.details.join("\n")).not.toContain("Without the CUDA provider");
    expect(models(cpu).missingBytes - models(cuda).missingBytes).toBeGreaterThan(10 * GiB);
    mkdirSync(join(machine.home, ".cache/huggingface/hub/models--onnxruntime--sd-turbo/snapshots/abc"), {
      recursive: true,
    });
    const downloaded = (await runDoctor({ checks: ["disk"], environment })).checks[0]!;
    expect(models(cuda).missingBytes - models(downloaded).missingBytes).toBeGreaterThan(2 * GiB);
  });
});
