import { basename, extname, join, resolve } from "node:path";
import { InputError } from "../errors/errors.js";
import type { BatchItem } from "./read-batch-source.js";

/** Parameters of {@link planBatchOutputs}. */
export interface PlanBatchOutputsParams {
  items: readonly BatchItem[];
  /** Folder for outputs without an explicit path. For file inputs without it: beside each input. */
  outputDir?: string;
  /** Extension with the dot (`.srt`). */
  extension: string;
  /** Prefix for outputs of text inputs (`text-to-image` → `text-to-image-0001.png`). */
  prefix: string;
  /** Whether inputs are files (their names become output names). */
  fileInputs: boolean;
}

/**
 * Assigns every item an output path: explicit ones are kept; others are named after the input
 * file (`talk.wav` → `talk.srt`) or numbered (`prefix-0001.ext`). No output is ever an input, and no
 * two items share an output (later ones get `-2`, `-3` …).
 * @throws {InputError} when an explicit output would overwrite an input.
 */
export function planBatchOutputs({
  items,
  outputDir,
  extension,
  prefix,
  fileInputs,
}: PlanBatchOutputsParams): string[] {
  const inputs = new Set(fileInputs ? items.map((i) => resolve(i.input)) : []);
  const taken = new Set<string>();
  const width = Math.max(4, String(items.length).length);
  return items.map((item, index) => {
    if (item.output) {
      const out = resolve(item.output);
      if (inputs.has(out)) {
        throw new InputError(`${item.origin}: output ${out} is one of the batch's inputs.`, {
          code: "BATCH_INVALID",
          hint: "Choose another output path; hftool never overwrites an input.",
        });
      }
      taken.add(out);
      return out;
    }
    let stem: string;
    let dir: string;
    if (fileInputs && !/^https?:\/\//.test(item.input)) {
      stem = basename(item.input, extname(item.input));
      dir = outputDir ?? resolve(item.input, "..");
    } else {
      stem = `${prefix}-${String(index + 1).padStart(width, "0")}`;
      dir = outputDir ?? process.cwd();
    }
    // An output named like its input (image-to-image on a .png) gets "-out"; clashes get -2, -3 …
    const suffix = inputs.has(resolve(join(dir, `${stem}${extension}`))) ? "-out" : "";
    let candidate = resolve(join(dir, `${stem}${suffix}${extension}`));
    for (let n = 2; inputs.has(candidate) || taken.has(candidate); n++) {
      candidate = resolve(join(dir, `${stem}${suffix}-${n}${extension}`));
    }
    taken.add(candidate);
    return candidate;
  });
}
