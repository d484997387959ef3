import { statSync } from "node:fs";
import { homedir } from "node:os";
import { relative } from "node:path";
import {
  expandTilde,
  formatBytes,
  INPUT_EXTENSIONS,
  InputError,
  listPickerCandidates,
  listRecentInputs,
  parseFileReference,
  type PickerCandidate,
  type TaskDefinition,
} from "@hftool/core";
import type { CommandContext } from "../context.js";
import { loadPrompts } from "./prompts.js";

/** An `-i` value with any `@` reference resolved. */
export interface ResolvedInput {
  /** What the run reads: a path, or text. */
  input: string;
  /** Parameters the input builder (`@?`) collected (a question's context, labels). */
  extra?: Record<string, unknown>;
}

/** Parameters of {@link resolveInputReference}. */
export interface ResolveInputReferenceParams {
  /** The `-i` value, a line typed in interactive mode, or the wizard's input. */
  value: string;
  task: TaskDefinition;
  context: CommandContext;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether every word typed appears in the text (case-insensitive). */
export function matchesSearch(text: string, term: string | undefined): boolean {
  if (!term) return true;
  const haystack = text.toLowerCase();
  return term
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

function when(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function kindName(task: TaskDefinition): string {
  return task.input === "text" ? "text" : task.input;
}

async function pickFile(
  files: PickerCandidate[],
  total: number,
  where: string,
  task: TaskDefinition,
  context: CommandContext,
): Promise<string> {
  const prompts = await loadPrompts(context, `Picking a file from ${where}`);
  if (total > files.length) {
    context.out.info(
      context.out.ce.dim(`Showing ${files.length} of ${total} files; type to narrow them down.`),
    );
  }
  return prompts.search({
    message: `${kindName(task)[0]!.toUpperCase()}${kindName(task).slice(1)} file from ${where} (type to filter)`,
    pageSize: 12,
    source: (term) =>
      files
        .filter((f) => matchesSearch(f.label, term))
        .map((f) => ({
          value: f.path,
          name: f.label,
          description: `${formatBytes(f.size)} · ${when(f.mtimeMs)} · ${f.path}`,
        })),
  });
}

function noFilesError(where: string, task: TaskDefinition): InputError {
  const extensions = INPUT_EXTENSIONS[task.input].slice(0, 8).join(", ");
  return new InputError(`No ${kindName(task)} files in ${where}.`, {
    code: "INPUT_NOT_FOUND",
    hint: `${task.name} takes ${task.input === "text" ? "text (or a text file)" : `${task.input} files (${extensions}, …)`}. Try -i @. to look in subfolders too, or pass a path.`,
  });
}

/**
 * Resolves the `@` syntax of `-i`: `@` picks from the working folder, `@.` from it and its
 * subfolders (three levels), `@~` from home, `@DIR/` from that folder, `@PATTERN` from the files a
 * `*`/`?`/`**` glob matches (one match is taken directly), `@@` from inputs of earlier runs in
 * the history, `@?` opens the task's input builder, and `@FILE` is that file. Files are offered
 * only when they are of the kind the task takes (text-to-image takes text, not images). A value
 * without `@` is returned as it is; `\@…` is the literal text `@…`.
 *
 * @throws {UsageError} when a choice is needed and there is no terminal: pass a path instead.
 * @throws {InputError} when nothing fits.
 */
export async function resolveInputReference(params: ResolveInputReferenceParams): Promise<ResolvedInput> {
  const { value, task, context } = params;
  if (value.startsWith("\\@")) return { input: value.slice(1) };
  const home = context.env.HOME ?? homedir();
  const reference = parseFileReference({ value, cwd: context.cwd, home, isDirectory });
  if (!reference) return { input: value };
  const show = (path: string) => {
    const rel = relative(context.cwd, path);
    return rel && !rel.startsWith("..") ? rel : path;
  };

  switch (reference.kind) {
    case "path": {
      if (task.input === "text" && !isFile(reference.path)) {
        throw new InputError(`There is no file ${show(reference.path)} for ${value}.`, {
          code: "INPUT_NOT_FOUND",
          hint: `To give text that starts with @, write \\${value} (in a shell: '\\${value}').`,
        });
      }
      return { input: reference.path };
    }
    case "folder": {
      const { files, total } = await listPickerCandidates({
        source: { dir: reference.dir, recursive: reference.recursive },
        kind: task.input,
        cwd: context.cwd,
      });
      const folder =
        reference.dir === home
          ? "~"
          : relative(context.cwd, reference.dir) === ""
            ? "."
            : show(reference.dir);
      const where = `${folder}${reference.recursive ? " and its subfolders" : ""}`;
      if (files.length === 0) throw noFilesError(where, task);
      return { input: await pickFile(files, total, where, task, context) };
    }
    case "glob": {
      const pattern = expandTilde(reference.pattern, home);
      const { files, total } = await listPickerCandidates({
        source: { pattern },
        kind: task.input,
        cwd: context.cwd,
      });
      if (files.length === 0) {
        throw new InputError(`No ${kindName(task)} files match ${reference.pattern}.`, {
          code: "INPUT_NOT_FOUND",
          hint: `Patterns take * (any name), ? (one character) and ** (any folders): -i '@**/*${INPUT_EXTENSIONS[task.input][0]}'`,
        });
      }
      if (files.length === 1) {
        context.out.info(`Using ${show(files[0]!.path)} (the one match of ${reference.pattern})`);
        return { input: files[0]!.path };
      }
      return { input: await pickFile(files, total, reference.pattern, task, context) };
    }
    case "history": {
      const recent = await listRecentInputs({
        file: context.config().paths.historyFile,
        kind: task.input,
        limit: 30,
      });
      if (recent.length === 0) {
        throw new InputError(`The history has no ${kindName(task)} inputs yet.`, {
          code: "INPUT_NOT_FOUND",
          hint: "Run a task first, or pick a file with -i @ (or -i @. for subfolders).",
        });
      }
      const prompts = await loadPrompts(context, "Picking a recent input");
      const flat = (text: string) => text.replace(/\s+/g, " ");
      const input = await prompts.search({
        message: `Recent ${kindName(task)} input (type to filter)`,
        pageSize: 12,
        source: (term) =>
          recent
            .filter((r) => matchesSearch(r.value, term))
            .map((r) => ({
              value: r.value,
              name:
                r.kind === "text"
                  ? flat(r.value).length > 70
                    ? `${flat(r.value).slice(0, 69)}…`
                    : flat(r.value)
                  : show(r.value),
              description: `#${r.id} ${r.task}, ${r.role}${r.time ? `, ${r.time.slice(0, 16).replace("T", " ")}` : ""}`,
            })),
      });
      return { input };
    }
    case "builder": {
      const { buildTaskInput } = await import("./build-task-input.js");
      return buildTaskInput({ task, context });
    }
  }
}
