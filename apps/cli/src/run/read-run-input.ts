import { open, readFile, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { expandTilde, InputError, isHftoolError, type TaskDefinition } from "@hftool/core";
import { describeBinaryFile } from "./describe-binary-file.js";

/** The input of a run, read and ready for the pipeline. */
export type RunInput =
  | {
      kind: "text";
      text: string;
      /** How to name it in metadata and messages: the text itself, a file name or URL. */
      label: string;
      /** The file it came from. */
      path?: string;
    }
  | {
      kind: "file";
      data: Uint8Array;
      label: string;
      /** File name, for messages (`talk.wav`, `stdin`, the URL's last part). */
      name: string;
      path?: string;
      url?: string;
    };

/** Parameters of {@link readRunInput}. */
export interface ReadRunInputParams {
  /** The `-i` value: text, a file, a URL, or `-` for stdin. */
  raw: string;
  task: TaskDefinition;
  cwd: string;
  signal?: AbortSignal;
  stdin?: NodeJS.ReadStream;
  /** Where the proxy variables are read, for URLs. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

const URL_PATTERN = /^https?:\/\//i;

async function readStdin(stdin: NodeJS.ReadStream): Promise<Uint8Array> {
  if (stdin.isTTY) {
    throw new InputError("-i - reads the input from stdin, but stdin is a terminal.", {
      hint: "Pipe something in: cat talk.wav | hftool -t asr -i -",
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** The first bytes of a file, enough to tell text from an image or a recording. */
async function readHead(path: string, length = 8192): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Text tasks take text: say clearly what else was given. */
function refuseBinary(head: Uint8Array, name: string, task: TaskDefinition): void {
  const kind = describeBinaryFile(head);
  if (kind === undefined) return;
  throw new InputError(`${name} is ${kind}, but ${task.name} takes text.`, {
    code: "INPUT_WRONG_KIND",
    hint: `Pass the text itself in quotes, or a text file: hftool -t ${task.aliases[0] ?? task.name} -i "Hello there"`,
  });
}

async function download(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): Promise<{ data: Uint8Array; type: string }> {
  let response: Response;
  try {
    // through the proxy the environment names, as downloads from the Hub go
    const { createProxyFetch } = await import("@hftool/download");
    response = await createProxyFetch({ env })(url, { redirect: "follow", ...(signal ? { signal } : {}) });
  } catch (error) {
    if (isHftoolError(error)) throw error;
    throw new InputError(`Cannot download the input ${url}: ${(error as Error).message}.`, {
      code: "INPUT_UNREACHABLE",
      hint: "Check the URL and your connection, or download the file and pass its path.",
      cause: error,
    });
  }
  if (!response.ok) {
    throw new InputError(
      `Cannot download the input ${url}: HTTP ${response.status} ${response.statusText}.`,
      {
        code: "INPUT_UNREACHABLE",
        hint: "Check the URL, or download the file and pass its path.",
      },
    );
  }
  return {
    data: new Uint8Array(await response.arrayBuffer()),
    type: response.headers.get("content-type") ?? "",
  };
}

/**
 * Reads a run's `-i`: text tasks take text (or a file of text, a URL, or `-` for stdin);
 * audio and image tasks take a file, a URL or `-`. Fails with a clear error before any model is
 * downloaded or loaded.
 *
 * @throws {InputError} for a missing file, a folder, empty text, an unreachable URL, or a file
 *   of the wrong kind for a text task.
 */
export async function readRunInput(params: ReadRunInputParams): Promise<RunInput> {
  const { raw, task, cwd } = params;
  const stdin = params.stdin ?? process.stdin;
  if (task.input === "text") {
    let text: string;
    let label = raw;
    let path: string | undefined;
    if (raw === "-") {
      const data = await readStdin(stdin);
      refuseBinary(data.subarray(0, 8192), "stdin", task);
      text = Buffer.from(data).toString("utf8");
      label = "stdin";
    } else if (URL_PATTERN.test(raw)) {
      const { data, type } = await download(raw, params.env ?? process.env, params.signal);
      if (type && !/^text\/|json|xml/.test(type)) {
        throw new InputError(`${raw} is ${type}, but ${task.name} takes text.`, {
          hint: "Pass text, or a URL of a text page.",
        });
      }
      text = Buffer.from(data).toString("utf8");
    } else {
      const candidate = resolve(cwd, expandTilde(raw));
      const info = raw.length < 4096 ? await stat(candidate).catch(() => undefined) : undefined;
      if (info?.isFile()) {
        // any file whose content is text will do (.txt, .md, .json, .csv, no extension…)
        refuseBinary(await readHead(candidate), raw, task);
        text = await readFile(candidate, "utf8");
        path = candidate;
        label = basename(candidate);
      } else {
        text = raw;
      }
    }
    if (text.trim() === "") {
      throw new InputError("The input text is empty.", {
        code: "INPUT_EMPTY",
        hint: `Example: hftool -t ${task.aliases[0] ?? task.name} -i "Hello there"`,
      });
    }
    return { kind: "text", text, label, ...(path ? { path } : {}) };
  }

  const kind =
    task.input === "audio"
      ? "an audio file (WAV, MP3, FLAC, OGG, M4A…)"
      : task.input === "image"
        ? "an image file (PNG, JPEG, WebP…)"
        : `a ${task.input} file`;
  if (raw === "-") {
    const data = await readStdin(stdin);
    if (data.length === 0)
      throw new InputError("stdin was empty.", { code: "INPUT_EMPTY", hint: `Pipe ${kind} into hftool.` });
    return { kind: "file", data, label: "stdin", name: "stdin" };
  }
  if (URL_PATTERN.test(raw)) {
    const { data } = await download(raw, params.env ?? process.env, params.signal);
    const name = decodeURIComponent(new URL(raw).pathname.split("/").pop() || "download");
    return { kind: "file", data, label: raw, name, url: raw };
  }
  const path = resolve(cwd, expandTilde(raw));
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new InputError(`File not found: ${raw}.`, {
      code: "INPUT_NOT_FOUND",
      hint: `${task.name} takes ${kind}: check the path, or pass a URL or - for stdin.`,
      details: { path },
    });
  }
  if (!info.isFile()) {
    throw new InputError(`${raw} is a folder, not a file.`, {
      code: "INPUT_NOT_FOUND",
      hint: `${task.name} takes ${kind}: pass one file.`,
    });
  }
  return { kind: "file", data: await readFile(path), label: raw, name: basename(path), path };
}
