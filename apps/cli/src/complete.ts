/**
 * Hidden `hftool __complete WORDS…`, called by the shell scripts of `hftool completion` on every
 * Tab press: prints `value<TAB>description` lines and a last line `:<directive>`.
 *
 * It must answer fast, so it imports only the completion engine, core and the command specs (data
 * whose command modules load lazily): never yargs, ora or any inference code, and never the
 * network. The spec is the one yargs is built from, so new commands complete without more work.
 */
import { appendFileSync } from "node:fs";
import {
  completeCommandLine,
  createHftoolCompleters,
  formatCompletionOutput,
  type CompletionOptionSpec,
} from "@hftool/completion";
import { GLOBAL_OPTIONS, ROOT_COMMAND } from "./spec/index.js";

/** Flags yargs adds to every command by itself. */
const YARGS_OPTIONS: readonly CompletionOptionSpec[] = [
  { name: "help", alias: ["h"], type: "boolean", description: "Show help" },
  { name: "version", type: "boolean", description: "Show the version" },
];

const OFF = ["0", "false", "no", "off"];

export async function complete(
  words: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let output: string;
  try {
    const result = await completeCommandLine({
      root: ROOT_COMMAND,
      globalOptions: [...GLOBAL_OPTIONS, ...YARGS_OPTIONS],
      words: words.length > 0 ? words : [""],
      completers: {
        ...createHftoolCompleters(),
        // doctor's check ids come from @hftool/doctor itself, loaded only when this is completed
        "check-id": async () =>
          (await import("@hftool/doctor"))
            .listDoctorChecks()
            .map((c) => ({ value: c.id, description: c.title })),
      },
      passthroughCompleter: "task-param",
      env,
    });
    const descriptions = !OFF.includes((env.HFTOOL_COMPLETION_DESCRIPTIONS ?? "").trim().toLowerCase());
    output = formatCompletionOutput({ result, descriptions });
  } catch (error) {
    // Tab must never print a stack trace into the user's line: say "error" to the script.
    if (["1", "true", "yes"].includes((env.HFTOOL_DEBUG ?? "").toLowerCase())) {
      process.stderr.write(`hftool __complete: ${(error as Error).stack ?? String(error)}\n`);
    }
    output = ":1\n";
  }
  process.stdout.write(output);
  const debugFile = env.HFTOOL_COMP_DEBUG_FILE;
  if (debugFile) {
    try {
      appendFileSync(debugFile, `${new Date().toISOString()} __complete ${JSON.stringify(words)}\n${output}`);
    } catch {
      // a debug log must not break completion
    }
  }
  return 0;
}
