import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What a stub program prints and returns. */
export interface StubBehaviour {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Seconds to wait before answering (a hung tool). */
  sleepSeconds?: number;
}

/** Parameters of {@link writeStubProgram}. */
export interface WriteStubProgramParams {
  /** Folder to put it in (put that folder on PATH). */
  dir: string;
  /** Program name (`nvidia-smi`). */
  name: string;
  /** What it does by default. */
  behaviour: StubBehaviour;
  /** What it does instead when its arguments contain a key (`{"--query-gpu": …}`), first match wins. */
  byArgs?: Readonly<Record<string, StubBehaviour>>;
}

/** Stubs run with PATH set to their own folder, so they name `sleep` by its full path. */
const SLEEP = existsSync("/bin/sleep") ? "/bin/sleep" : "/usr/bin/sleep";

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function body(b: StubBehaviour): string {
  return [
    b.sleepSeconds ? `${SLEEP} ${b.sleepSeconds}` : "",
    b.stdout !== undefined ? `printf '%s' ${quote(b.stdout)}` : "",
    b.stderr !== undefined ? `printf '%s' ${quote(b.stderr)} >&2` : "",
    `exit ${b.exitCode ?? 0}`,
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * Writes a `/bin/sh` script that stands in for a real tool (nvidia-smi, rocm-smi, ffmpeg) and
 * prints captured real-world output. It uses only shell built-ins, so it works with a PATH that
 * holds nothing but stubs. Returns its path.
 */
export function writeStubProgram({ dir, name, behaviour, byArgs = {} }: WriteStubProgramParams): string {
  const cases = Object.entries(byArgs)
    .map(([pattern, b]) => `  *${pattern}*)\n${body(b)}\n    ;;`)
    .join("\n");
  const script = `#!/bin/sh\n${cases ? `case "$*" in\n${cases}\nesac\n` : ""}${body(behaviour)}\n`;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}
