import pc from "picocolors";
import { stripVTControlCharacters } from "node:util";

export type Colors = ReturnType<typeof pc.createColors>;

/** Options of {@link Output}. */
export interface OutputOptions {
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

/** Whether to colour a stream: a terminal, and neither NO_COLOR nor --no-color. */
export function colorEnabled(
  stream: NodeJS.WriteStream,
  flag: boolean | undefined,
  env = process.env,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}

/**
 * Everything the CLI prints goes through here. Results go to stdout; progress, notices and
 * warnings to stderr, so `hftool … > out.txt` captures only the result. `--json` leaves stdout
 * to the JSON document alone; `--quiet` keeps only results and errors.
 */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Colours for stdout. */
  readonly c: Colors;
  /** Colours for stderr. */
  readonly ce: Colors;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;

  constructor(options: OutputOptions = {}) {
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.json = options.json ?? false;
    this.quiet = options.quiet ?? false;
    this.verbose = options.verbose ?? false;
    this.c = pc.createColors(colorEnabled(this.stdout, options.color));
    this.ce = pc.createColors(colorEnabled(this.stderr, options.color));
  }

  /** The command's result (text, a path): always printed, except in --json mode. */
  result(text: string): void {
    if (!this.json) this.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** Human-oriented stdout content (listings, tables): hidden by --quiet and --json. */
  print(text = ""): void {
    if (!this.json && !this.quiet) this.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** A status line on stderr. */
  info(text: string): void {
    if (!this.json && !this.quiet) this.stderr.write(`${text}\n`);
  }

  /** A success line on stderr, with a check mark. */
  success(text: string): void {
    if (!this.json && !this.quiet) this.stderr.write(`${this.ce.green("✓")} ${text}\n`);
  }

  /** A warning on stderr (kept in --quiet mode: warnings matter). */
  warn(text: string): void {
    if (!this.json) this.stderr.write(`${this.ce.yellow("warning:")} ${text}\n`);
  }

  /** Detail printed with -v only. */
  debug(text: string): void {
    if (this.verbose && !this.json) this.stderr.write(`${this.ce.dim(text)}\n`);
  }

  /** The JSON document of --json mode. */
  writeJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Columns padded to their widest cell (ANSI colours do not count towards width). */
  table(rows: readonly (readonly string[])[], options: { indent?: number; gap?: number } = {}): string {
    const { indent = 0, gap = 2 } = options;
    const widths: number[] = [];
    for (const row of rows) {
      row.forEach((cell, i) => {
        widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
      });
    }
    return rows
      .map((row) =>
        (
          " ".repeat(indent) +
          row
            .map((cell, i) =>
              i === row.length - 1 ? cell : cell + " ".repeat(widths[i]! - visibleWidth(cell) + gap),
            )
            .join("")
        ).trimEnd(),
      )
      .join("\n");
  }
}

/** Display width of a string without its ANSI escapes. */
export function visibleWidth(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}
