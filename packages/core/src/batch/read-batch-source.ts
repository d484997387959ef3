import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, extname, join, resolve } from "node:path";
import { InputError } from "../errors/errors.js";
import { hasInputExtension } from "../file-picker/input-extensions.js";
import { parseParamValue } from "../params/parse-param-value.js";
import type { InputKind } from "../tasks/types.js";

/** One unit of work in a batch. */
export interface BatchItem {
  /** Text, or an absolute file path for file inputs. */
  input: string;
  /** Explicit output path (absolute), when the source gave one. */
  output?: string;
  /** Parameters for this item only (they win over the command line's `--` parameters). */
  params?: Record<string, unknown>;
  /** Where the item came from, for messages: `prompts.txt:3`, `batch.json[2]`. */
  origin: string;
}

/** Parameters of {@link readBatchSource}. */
export interface ReadBatchSourceParams {
  /**
   * A text file (one input per line; `#` comments and blank lines skipped), a folder (its files of
   * the task's input kind), a `.json` array, `.jsonl` lines or a `.csv` with an `input` column —
   * each entry `{ input, output?, params? }` (CSV: other columns are parameters).
   */
  source: string;
  /** The task's input kind: decides which files a folder contributes and whether lines are paths. */
  inputKind: InputKind;
  /** @default process.cwd() */
  cwd?: string;
  /** Treat `source` as structured (json/jsonl/csv) even without the extension. */
  structured?: boolean;
}

const MAX_BATCH_BYTES = 50 * 1024 * 1024;

function fail(message: string, hint: string): never {
  throw new InputError(message, { code: "BATCH_INVALID", hint });
}

/**
 * Reads a batch definition into items. File inputs are resolved against the batch file's folder
 * (or `cwd` for text lists) and must exist; text tasks take each line as text.
 * @throws {InputError} `BATCH_INVALID` naming the file and line of the first problem.
 */
export async function readBatchSource({
  source,
  inputKind,
  cwd = process.cwd(),
  structured = false,
}: ReadBatchSourceParams): Promise<BatchItem[]> {
  const path = resolve(cwd, source);
  let info;
  try {
    info = await stat(path);
  } catch {
    fail(
      `Batch source ${path} does not exist.`,
      "Pass a text file with one input per line, a folder, or a .json/.jsonl/.csv file.",
    );
  }
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((n) => !n.startsWith(".")).sort((a, b) => a.localeCompare(b));
    const items: BatchItem[] = [];
    for (const name of names) {
      const file = join(path, name);
      if ((await stat(file)).isFile() && hasInputExtension(file, inputKind))
        items.push({ input: file, origin: name });
    }
    if (items.length === 0)
      fail(`Folder ${path} has no ${inputKind} files.`, `Put ${inputKind} files in it, or pass a list file.`);
    return items;
  }
  if (info.size > MAX_BATCH_BYTES)
    fail(
      `Batch file ${path} is ${info.size} bytes; the limit is ${MAX_BATCH_BYTES}.`,
      "Split it into several batches.",
    );
  const text = await readFile(path, "utf8");
  const base = dirname(path);
  const ext = extname(path).toLowerCase();
  const name = path.split("/").pop()!;

  const resolveInput = (input: unknown, origin: string): string => {
    if (typeof input !== "string" || input.trim() === "")
      fail(
        `${origin}: 'input' must be a non-empty string.`,
        'Each entry looks like {"input": "…", "output": "…", "params": {…}}.',
      );
    if (inputKind === "text") return input;
    const file = resolve(base, input.trim());
    if (/^https?:\/\//.test(input.trim())) return input.trim();
    return file;
  };
  const toItem = (raw: unknown, origin: string): BatchItem => {
    if (typeof raw === "string") return { input: resolveInput(raw, origin), origin };
    if (!raw || typeof raw !== "object" || Array.isArray(raw))
      fail(`${origin}: expected an object with an 'input'.`, 'Each entry looks like {"input": "…"}.');
    const { input, output, params, ...rest } = raw as Record<string, unknown>;
    if (output !== undefined && typeof output !== "string")
      fail(`${origin}: 'output' must be a path.`, "Remove it to name outputs automatically.");
    if (params !== undefined && (typeof params !== "object" || params === null || Array.isArray(params)))
      fail(`${origin}: 'params' must be an object.`, 'Write params as {"steps": 4}.');
    const extra = Object.keys(rest);
    if (extra.length > 0 && ext !== ".csv")
      fail(
        `${origin}: unknown field${extra.length > 1 ? "s" : ""} ${extra.join(", ")}.`,
        "Entries have input, output and params; put model parameters inside params.",
      );
    const item: BatchItem = { input: resolveInput(input, origin), origin };
    if (output) item.output = resolve(base, output);
    const allParams = { ...(params as Record<string, unknown> | undefined), ...rest };
    if (Object.keys(allParams).length > 0) item.params = allParams;
    return item;
  };

  let items: BatchItem[];
  if (ext === ".json" || (structured && text.trimStart().startsWith("["))) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      fail(
        `${name} is not valid JSON: ${(error as Error).message}.`,
        "Fix the JSON, or use .jsonl with one object per line.",
      );
    }
    if (!Array.isArray(data))
      fail(`${name} must hold a JSON array of entries.`, 'Write [{"input": "…"}, …].');
    items = data.map((raw, i) => toItem(raw, `${name}[${i}]`));
  } else if (ext === ".jsonl" || ext === ".ndjson" || (structured && text.trimStart().startsWith("{"))) {
    items = [];
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "" || line.trimStart().startsWith("#")) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        fail(
          `${name}:${i + 1} is not valid JSON: ${(error as Error).message}.`,
          "Each line holds one JSON object.",
        );
      }
      items.push(toItem(raw, `${name}:${i + 1}`));
    });
  } else if (ext === ".csv" || ext === ".tsv") {
    const { parse } = await import("csv-parse/sync");
    let rows: Record<string, string>[];
    try {
      rows = parse(text, {
        columns: true,
        skip_empty_lines: true,
        trim: true,
        bom: true,
        delimiter: ext === ".tsv" ? "\t" : ",",
      }) as Record<string, string>[];
    } catch (error) {
      fail(
        `${name} is not valid CSV: ${(error as Error).message}.`,
        "The first row names the columns; one is 'input'.",
      );
    }
    if (rows.length > 0 && !("input" in rows[0]!))
      fail(`${name} has no 'input' column.`, "Name one column 'input' (others: output, and any parameter).");
    items = rows.map((row, i) => {
      const entry: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) {
        if (value === "" || value === undefined) continue;
        entry[key] = key === "input" || key === "output" ? value : parseParamValue(value);
      }
      return toItem(entry, `${name}:${i + 2}`);
    });
  } else {
    items = [];
    text.split(/\r?\n/).forEach((line, i) => {
      const trimmed = line.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return;
      items.push({
        input: inputKind === "text" ? trimmed : resolve(cwd, trimmed),
        origin: `${name}:${i + 1}`,
      });
    });
  }
  if (items.length === 0)
    fail(`${name} holds no inputs.`, "Add one input per line (lines starting with # are comments).");
  if (inputKind !== "text") {
    for (const item of items) {
      if (/^https?:\/\//.test(item.input)) continue;
      const exists = await stat(item.input).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!exists)
        fail(
          `${item.origin}: input file ${item.input} does not exist.`,
          "Fix the path (relative paths are relative to the batch file's folder for JSON/CSV, the working folder for lists).",
        );
    }
  }
  return items;
}
