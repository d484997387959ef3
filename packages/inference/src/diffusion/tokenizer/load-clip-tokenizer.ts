import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DiffusionModelError } from "../errors.js";
import { readJsonFile } from "../fs/read-json-file.js";
import { ClipTokenizer } from "./clip-tokenizer.js";

/** Parameters of {@link loadClipTokenizer}. */
export interface LoadClipTokenizerParams {
  /** The model folder. */
  modelDir: string;
  /** The tokenizer's subfolder. @default "tokenizer" */
  subfolder?: "tokenizer" | "tokenizer_2";
}

/** A special token as `special_tokens_map.json` / `tokenizer_config.json` write it: a string or `{ content }`. */
function tokenContent(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { content?: unknown }).content === "string") {
    return (value as { content: string }).content;
  }
  return undefined;
}

/**
 * Loads the CLIP tokenizer of a diffusers pipeline folder from `vocab.json` + `merges.txt` (what
 * the Stable Diffusion repos ship), or from the BPE model inside a `tokenizer.json` when only that
 * exists. Special tokens come from `special_tokens_map.json`, then `tokenizer_config.json`; the
 * sequence length from `model_max_length` (77 for every CLIP text encoder).
 */
export async function loadClipTokenizer({
  modelDir,
  subfolder = "tokenizer",
}: LoadClipTokenizerParams): Promise<ClipTokenizer> {
  const dir = join(modelDir, subfolder);
  const component = subfolder;
  const file = (name: string) => join(dir, name);
  const optionalJson = async (name: string): Promise<Record<string, unknown>> =>
    existsSync(file(name)) ? readJsonFile({ file: file(name), modelDir, component }) : {};

  let vocab: Record<string, number>;
  let merges: string[];
  if (existsSync(file("vocab.json")) && existsSync(file("merges.txt"))) {
    vocab = await readJsonFile<Record<string, number>>({ file: file("vocab.json"), modelDir, component });
    merges = (await readFile(file("merges.txt"), "utf8"))
      .split(/\r?\n/)
      .filter((line, i) => line.trim() !== "" && !(i === 0 && line.startsWith("#version")));
  } else if (existsSync(file("tokenizer.json"))) {
    const json = await readJsonFile<{
      model?: { type?: string; vocab?: Record<string, number>; merges?: unknown[] };
    }>({ file: file("tokenizer.json"), modelDir, component });
    if (json.model?.type !== "BPE" || !json.model.vocab || !Array.isArray(json.model.merges)) {
      throw new DiffusionModelError(
        `${file("tokenizer.json")} does not hold a BPE tokenizer, which CLIP needs.`,
        {
          modelDir,
          component,
          file: file("tokenizer.json"),
          hint: "Use a model whose tokenizer is CLIP's (vocab.json + merges.txt).",
        },
      );
    }
    vocab = json.model.vocab;
    merges = json.model.merges.map((merge) => (Array.isArray(merge) ? merge.join(" ") : String(merge)));
  } else {
    throw new DiffusionModelError(
      `The model at ${modelDir} has no ${subfolder}/vocab.json and ${subfolder}/merges.txt (nor a tokenizer.json): the ${subfolder === "tokenizer" ? "" : "second "}CLIP tokenizer is missing.`,
      {
        code: "DIFFUSION_COMPONENT_MISSING",
        modelDir,
        component,
        file: dir,
        hint: "Download the model again (an interrupted download leaves components missing), or point at a complete diffusers ONNX folder.",
      },
    );
  }

  const specialTokens = await optionalJson("special_tokens_map.json");
  const tokenizerConfig = await optionalJson("tokenizer_config.json");
  const special = (key: string) => tokenContent(specialTokens[key]) ?? tokenContent(tokenizerConfig[key]);
  const maxLength = tokenizerConfig["model_max_length"];
  try {
    return new ClipTokenizer({
      vocab,
      merges,
      bosToken: special("bos_token"),
      eosToken: special("eos_token"),
      padToken: special("pad_token"),
      unkToken: special("unk_token"),
      // Slow tokenizers saved without a limit write a huge sentinel; CLIP always takes 77.
      maxLength: typeof maxLength === "number" && maxLength <= 4096 ? maxLength : 77,
    });
  } catch (cause) {
    throw new DiffusionModelError(`The tokenizer in ${dir} is inconsistent: ${(cause as Error).message}`, {
      modelDir,
      component,
      file: dir,
      cause,
      hint: "Download the model again.",
    });
  }
}
