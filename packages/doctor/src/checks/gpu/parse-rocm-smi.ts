/** One AMD GPU as `rocm-smi` or the amdgpu driver's sysfs files report it. */
export interface AmdGpu {
  /** `card0`. */
  card: string;
  name: string | undefined;
  memoryTotalBytes: number | undefined;
  memoryUsedBytes: number | undefined;
  /** Graphics IP (`gfx1100`), which decides ROCm support. */
  gfxVersion: string | undefined;
}

/**
 * Parses `rocm-smi --showproductname --showmeminfo vram --json`: an object with one `cardN` entry
 * per GPU (plus a `system` entry on newer versions). Key spelling changed across ROCm releases
 * ("Card series" / "Card Series"), so keys are matched without case.
 */
export function parseRocmSmiJson(text: string): AmdGpu[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== "object") return [];
  const gpus: AmdGpu[] = [];
  for (const [card, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^card\d+$/.test(card) || !value || typeof value !== "object") continue;
    const fields = new Map(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    const pick = (...keys: string[]) => {
      for (const key of keys) {
        const v = fields.get(key)?.trim();
        if (v && v !== "N/A") return v;
      }
      return undefined;
    };
    gpus.push({
      card,
      name: pick("card series", "device name") ?? withModel(pick("card model")),
      memoryTotalBytes: toNumber(pick("vram total memory (b)")),
      memoryUsedBytes: toNumber(pick("vram total used memory (b)")),
      gfxVersion: pick("gfx version"),
    });
  }
  return gpus.sort((a, b) => a.card.localeCompare(b.card, undefined, { numeric: true }));
}

/** Integrated GPUs often have no series name, only a PCI device id. */
function withModel(model: string | undefined): string | undefined {
  return model ? `AMD GPU (device ${model})` : undefined;
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
