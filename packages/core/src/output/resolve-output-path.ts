import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { InputError, UsageError } from "../errors/errors.js";
import { expandTilde } from "../paths/get-hftool-home.js";
import { resolveTask } from "../tasks/resolve-task.js";
import { outputFileName } from "./output-file-name.js";

/** Parameters of {@link resolveOutputPath}. */
export interface ResolveOutputPathParams {
  /** Task name or alias. */
  task: string;
  /**
   * What the user passed as `-o`: a file, or an existing folder (the output is then named
   * automatically inside it). Relative to `cwd`; `~` is expanded. Omitted: an automatic name in
   * `outputDir`.
   */
  output?: string;
  /** `--format` (`srt`, `.srt`, `SRT`). Must be one of the task's formats. */
  format?: string;
  /** Folder for automatic names (config `[paths] output_dir`). @default cwd */
  outputDir?: string;
  /** Folder relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /** Files the run reads; an output never replaces one of them. @default [] */
  inputPaths?: readonly string[];
  /** Time an automatic name stands for. @default new Date() */
  date?: Date;
}

/** Where a run writes its output, and in which format. */
export interface ResolvedOutputPath {
  /** Absolute path of the output file. */
  path: string;
  /** Format, as an extension without the dot (`srt`). */
  format: string;
  /** The name was generated (no `-o` file name was given). */
  automatic: boolean;
  /** A file already exists at `path` (only possible for a name the user chose). */
  exists: boolean;
}

function normalizeFormat(format: string): string {
  return format.trim().replace(/^\./, "").toLowerCase();
}

function sameFile(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Decides the output file of a run and its format, before anything runs, so a bad `-o` or
 * `--format` fails fast.
 *
 * - `-o talk.srt` → format from the extension; `--format` must agree with it.
 * - `-o notes` (no extension) → `--format`, else the task's default format; the name is kept.
 * - `-o some/folder/` or an existing folder → an automatic name inside it.
 * - No `-o` → `<task>-<YYYYMMDD-HHMMSS>.<ext>` in `outputDir`, with `-2`, `-3`… added when that
 *   name is taken, so an automatic name never replaces a file.
 * - An output never replaces one of the run's inputs.
 *
 * @throws {UsageError} for a format the task cannot write, or `-o` and `--format` disagreeing.
 * @throws {InputError} when `-o` names one of the inputs.
 */
export function resolveOutputPath(params: ResolveOutputPathParams): ResolvedOutputPath {
  const task = resolveTask(params.task);
  const cwd = resolve(params.cwd ?? process.cwd());
  const inputs = (params.inputPaths ?? []).map((p) => resolve(cwd, p));
  const formats = task.formats;
  const formatList = formats.map((f) => `.${f}`).join(", ");
  const requested = params.format === undefined ? undefined : normalizeFormat(params.format);
  if (requested !== undefined && !formats.includes(requested)) {
    throw new UsageError(`${task.name} cannot write '${requested}' files: it writes ${formats.join(", ")}.`, {
      hint: `Pick one of its formats: ${formats.join(", ")} (e.g. --format ${formats[0]}).`,
    });
  }
  const defaultFormat = normalizeFormat(task.defaultExtension);

  let folder = resolve(cwd, params.outputDir ?? cwd);
  if (params.output !== undefined && params.output.trim() !== "") {
    const raw = params.output.trim();
    const path = resolve(cwd, expandTilde(raw));
    const wantsFolder = /[\\/]$/.test(raw) || isDirectory(path);
    if (!wantsFolder) {
      const extension = normalizeFormat(extname(basename(path)));
      let format: string;
      if (extension !== "" && formats.includes(extension)) {
        if (requested !== undefined && requested !== extension) {
          throw new UsageError(`-o ${basename(path)} ends in .${extension} but --format says ${requested}.`, {
            hint: `Drop --format, or name the file ${basename(path, extname(path))}.${requested}.`,
          });
        }
        format = extension;
      } else if (requested !== undefined) {
        format = requested;
      } else if (extension === "") {
        format = defaultFormat;
      } else {
        throw new UsageError(`${task.name} cannot write .${extension} files (${basename(path)}).`, {
          hint: `Name the output with one of ${formatList}, or add --format ${defaultFormat}.`,
        });
      }
      const input = inputs.find((i) => sameFile(i, path));
      if (input) {
        throw new InputError(`The output ${path} is the input file: writing it would destroy the input.`, {
          code: "OUTPUT_IS_INPUT",
          hint: "Choose another -o, or leave -o out for an automatic name.",
          details: { path },
        });
      }
      return { path, format, automatic: false, exists: existsSync(path) };
    }
    folder = path;
  }

  const format = requested ?? defaultFormat;
  const base = outputFileName({
    task: task.name,
    extension: "",
    ...(params.date ? { date: params.date } : {}),
  });
  for (let n = 1; ; n++) {
    const path = join(folder, `${base}${n === 1 ? "" : `-${n}`}.${format}`);
    if (!existsSync(path) && !inputs.some((i) => sameFile(i, path))) {
      return { path, format, automatic: true, exists: false };
    }
  }
}
