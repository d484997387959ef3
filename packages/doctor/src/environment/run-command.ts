import { execFile } from "node:child_process";
import type { CommandResult, RunCommandOptions } from "./doctor-environment.js";

/** Parameters of {@link runCommand}. */
export interface RunCommandParams extends RunCommandOptions {
  command: string;
  args: readonly string[];
  /** Environment of the child; its PATH is where `command` is looked up. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Most bytes kept of stdout and of stderr. @default 1 MiB */
  maxBuffer?: number;
}

/**
 * Runs a program with a timeout and never throws: a missing program, a timeout or a crash are
 * reported in the result, because for a doctor those are findings, not failures.
 */
export function runCommand({
  command,
  args,
  env = process.env,
  timeoutMs,
  signal,
  maxBuffer = 1024 * 1024,
}: RunCommandParams): Promise<CommandResult> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve({ exitCode: null, stdout: "", stderr: "", failure: "aborted" });
      return;
    }
    execFile(
      command,
      [...args],
      {
        env: env as NodeJS.ProcessEnv,
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer,
        windowsHide: true,
        encoding: "utf8",
        ...(signal ? { signal } : {}),
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ exitCode: 0, stdout, stderr });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (failure.code === "ENOENT") {
          resolve({ exitCode: null, stdout, stderr, failure: "not-found" });
        } else if (failure.name === "AbortError" || signal?.aborted) {
          resolve({ exitCode: null, stdout, stderr, failure: "aborted" });
        } else if (failure.killed) {
          resolve({ exitCode: null, stdout, stderr, failure: "timeout" });
        } else if (typeof failure.code === "number") {
          resolve({ exitCode: failure.code, stdout, stderr });
        } else if (failure.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
          resolve({
            exitCode: null,
            stdout,
            stderr,
            failure: "spawn-error",
            errorMessage: "output too large",
          });
        } else {
          resolve({ exitCode: null, stdout, stderr, failure: "spawn-error", errorMessage: failure.message });
        }
      },
    );
  });
}
