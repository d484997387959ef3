import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { writeStubProgram } from "@hftool/test-utils";
import { readGpuMemory } from "./read-gpu-memory.js";

const MiB = 1024 * 1024;

/** A PATH holding only an `nvidia-smi` that prints what an H100 printed (captured, one process holding 1542 MiB). */
function fakeDriver(apps: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "hftool-smi-"));
  writeStubProgram({
    dir,
    name: "nvidia-smi",
    behaviour: { stderr: "unknown query", exitCode: 2 },
    byArgs: {
      "--query-gpu=memory.used,memory.total": { stdout: "1551, 81559\n" },
      "--query-compute-apps=pid,used_memory": { stdout: apps },
    },
  });
  return { PATH: dir };
}

describe("readGpuMemory", () => {
  it("reads what the process holds and what the GPU uses", async () => {
    expect(await readGpuMemory({ pid: 487, env: fakeDriver("487, 1542\n9, 100\n") })).toEqual({
      processBytes: 1542 * MiB,
      deviceUsedBytes: 1551 * MiB,
      totalBytes: 81559 * MiB,
    });
  });

  it("leaves the process out when the driver does not list it (a container's own PIDs)", async () => {
    expect(await readGpuMemory({ pid: 487, env: fakeDriver("") })).toEqual({
      deviceUsedBytes: 1551 * MiB,
      totalBytes: 81559 * MiB,
    });
  });

  it("is undefined without nvidia-smi", async () => {
    expect(
      await readGpuMemory({ env: { PATH: mkdtempSync(join(tmpdir(), "hftool-empty-")) } }),
    ).toBeUndefined();
  });
});
