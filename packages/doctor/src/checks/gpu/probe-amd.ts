import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CheckContext } from "../../types.js";
import { parseRocmSmiJson, type AmdGpu } from "./parse-rocm-smi.js";

/** What the machine says about AMD GPUs. */
export interface AmdProbe {
  source: "rocm-smi" | "sysfs" | "none";
  gpus: AmdGpu[];
  /** The ROCm compute driver (amdgpu's KFD) is loaded: `/sys/class/kfd` exists. */
  rocmDriver: boolean;
  rocmSmiPath?: string;
}

const AMD_VENDOR_ID = "0x1002";

/**
 * `rocm-smi --showproductname --showmeminfo vram --json` when ROCm's tool is installed, else the
 * amdgpu driver's own files (`/sys/class/drm/cardN/device/mem_info_vram_*`), which need no ROCm.
 */
export async function probeAmd({ environment, signal }: CheckContext): Promise<AmdProbe> {
  const rocmDriver =
    (await readdir(join(environment.sysRoot, "class", "kfd")).catch(() => undefined)) !== undefined;
  const rocmSmiPath = await environment.findExecutable("rocm-smi");
  if (rocmSmiPath) {
    const result = await environment.runCommand(
      rocmSmiPath,
      ["--showproductname", "--showmeminfo", "vram", "--json"],
      { timeoutMs: 5000, signal },
    );
    const gpus = result.exitCode === 0 ? parseRocmSmiJson(result.stdout) : [];
    if (gpus.length > 0) return { source: "rocm-smi", gpus, rocmDriver, rocmSmiPath };
  }
  const gpus = await readSysfs(environment.sysRoot);
  return {
    source: gpus.length > 0 ? "sysfs" : "none",
    gpus,
    rocmDriver,
    ...(rocmSmiPath ? { rocmSmiPath } : {}),
  };
}

async function readSysfs(sysRoot: string): Promise<AmdGpu[]> {
  const drm = join(sysRoot, "class", "drm");
  const cards = (await readdir(drm).catch(() => [] as string[])).filter((c) => /^card\d+$/.test(c));
  const gpus: AmdGpu[] = [];
  for (const card of cards.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))) {
    const device = join(drm, card, "device");
    const read = (file: string) =>
      readFile(join(device, file), "utf8").then(
        (t) => t.trim(),
        () => undefined,
      );
    if ((await read("vendor")) !== AMD_VENDOR_ID) continue;
    const total = await read("mem_info_vram_total");
    const used = await read("mem_info_vram_used");
    gpus.push({
      card,
      name: (await read("product_name")) || undefined,
      memoryTotalBytes: total ? Number(total) : undefined,
      memoryUsedBytes: used ? Number(used) : undefined,
      gfxVersion: undefined,
    });
  }
  return gpus;
}
