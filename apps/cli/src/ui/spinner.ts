import { progressBarsOff, type CommandContext } from "../context.js";

/** A status line on stderr that updates in place on a terminal and stays silent elsewhere. */
export interface Spinner {
  update(text: string): void;
  succeed(text: string): void;
  /** Stops without a mark (the caller prints what happened). */
  stop(): void;
  /** Prints a line on stderr above the spinner, which keeps spinning below it. */
  log(text: string): void;
}

/**
 * Starts an ora spinner on stderr when stderr is a terminal and the output is for people (not
 * `--json` or `-q`); otherwise only the final line is printed (nothing with `--json` or `-q`), so
 * logs and pipes stay clean. ora is imported here, when a long operation starts, never at startup.
 */
export async function startSpinner(context: CommandContext, text: string): Promise<Spinner> {
  const out = context.out;
  // a terminal that reports no width (a pty opened without a size) would make ora redraw forever
  if (
    out.json ||
    out.quiet ||
    !out.stderr.isTTY ||
    progressBarsOff(context.env) ||
    !(out.stderr.columns > 0)
  ) {
    // no animation for logs and pipes: only the outcome, as a plain line
    return { update() {}, succeed: (done) => out.success(done), stop() {}, log: (line) => out.info(line) };
  }
  const { default: ora } = await import("ora");
  const spinner = ora({ text, stream: out.stderr, color: "cyan" }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    succeed: (done) => {
      spinner.stopAndPersist({ symbol: out.ce.green("✓"), text: done });
    },
    stop: () => {
      spinner.stop();
    },
    log: (line) => {
      spinner.clear();
      out.stderr.write(`${line}\n`);
      spinner.render();
    },
  };
}
