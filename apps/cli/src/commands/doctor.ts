import { formatDuration, UsageError } from "@hftool/core";
import type { CheckResult, CheckStatus, DoctorReport, FixConfirmationRequest } from "@hftool/doctor";
import type { CommandContext } from "../context.js";
import type { CommandHandler } from "../spec/types.js";
import type { Colors } from "../ui/output.js";
import { VERSION } from "../version.js";

const SYMBOLS: Record<CheckStatus, string> = { ok: "✓", warning: "⚠", error: "✗", info: "ℹ" };

function paint(c: Colors, status: CheckStatus, text: string): string {
  switch (status) {
    case "ok":
      return c.green(text);
    case "warning":
      return c.yellow(text);
    case "error":
      return c.red(text);
    default:
      return c.blue(text);
  }
}

/** `--check gpu --check node,disk` → `["gpu", "node", "disk"]`. */
function checkIds(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(","))
    .map((s) => s.trim());
  const wanted = ids.filter(Boolean);
  if (wanted.length === 0) {
    throw new UsageError("--check needs a check id.", {
      hint: "Run 'hftool doctor --help' to see the checks.",
    });
  }
  return wanted;
}

const doctor: CommandHandler = async (args, context) => {
  const { out } = context;
  const timeout = Number(args.timeout ?? 5);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600) {
    throw new UsageError(
      `--timeout must be a number of seconds between 0 and 600, not '${String(args.timeout)}'.`,
      {
        hint: "For example: hftool doctor --timeout 15",
      },
    );
  }
  const checks = checkIds(args.check);
  const fix = args.fix === true;
  const { runDoctor } = await import("@hftool/doctor");

  // A spinner only where someone watches: a terminal on stderr, not JSON, not quiet.
  const showProgress = Boolean(out.stderr.isTTY) && !out.json && !out.quiet;
  const spinner = showProgress
    ? (await import("ora")).default({ stream: out.stderr, text: "Checking…" }).start()
    : undefined;
  const done: string[] = [];
  const declinedWithoutAsking: string[] = [];

  const confirmFix = async (request: FixConfirmationRequest): Promise<boolean> => {
    spinner?.stop();
    // Deleting downloaded data needs a yes; without a terminal (or with --json) the fix is skipped, not the run.
    if (args.yes !== true && (!context.interactive || out.json)) {
      declinedWithoutAsking.push(request.fixId);
      return false;
    }
    return context.confirm(`${request.description}?`);
  };

  let report: DoctorReport;
  try {
    report = await runDoctor({
      ...(checks ? { checks } : {}),
      networkTimeoutMs: Math.round(timeout * 1000),
      fix,
      confirmFix,
      signal: context.signal,
      tool: { name: "hftool", version: VERSION },
      onCheckComplete: (result) => {
        done.push(result.title);
        if (spinner?.isSpinning) spinner.text = `Checking… ${done.length} done (${result.title})`;
      },
    });
  } finally {
    spinner?.stop();
  }

  if (out.json) {
    out.writeJson(report);
  } else {
    render(report, context, { fix, declinedWithoutAsking });
  }
  return report.exitCode;
};

function render(
  report: DoctorReport,
  { out }: CommandContext,
  options: { fix: boolean; declinedWithoutAsking: string[] },
): void {
  const c = out.c;
  const width = Math.max(...report.checks.map((r) => r.title.length));
  const shown = out.quiet
    ? report.checks.filter((r) => r.status === "warning" || r.status === "error")
    : report.checks;
  if (!out.quiet) {
    out.result(
      c.dim(
        `hftool ${report.tool.version} doctor · ${report.platform.os}-${report.platform.arch} · Node ${report.platform.node}`,
      ),
    );
    out.result("");
  }
  for (const result of shown) {
    out.result(
      `${paint(c, result.status, SYMBOLS[result.status])} ${c.bold(result.title.padEnd(width))}  ${result.message} ${c.dim(`(${formatDuration(result.durationMs / 1000)})`)}`,
    );
    for (const line of linesBelow(result, out.verbose, options.fix)) out.result(`    ${line(c)}`);
  }

  if (report.fixes.length > 0) {
    out.result("");
    out.result(c.bold("Fixes"));
    for (const record of report.fixes) {
      const [symbol, note] =
        record.outcome === "applied"
          ? [c.green("✓"), ""]
          : record.outcome === "failed"
            ? [c.red("✗"), c.red(` failed: ${record.error ?? "unknown error"}`)]
            : [
                c.dim("–"),
                c.dim(
                  options.declinedWithoutAsking.includes(record.fixId)
                    ? " skipped: it deletes downloaded data; run with -y to allow it"
                    : " skipped (you declined)",
                ),
              ];
      out.result(`  ${symbol} ${record.description}${note}`);
    }
  }

  const { summary } = report;
  const parts = [
    `${summary.ok} ok`,
    summary.info ? `${summary.info} info` : "",
    summary.warning ? c.yellow(`${summary.warning} warning${summary.warning === 1 ? "" : "s"}`) : "",
    summary.error ? c.red(`${summary.error} error${summary.error === 1 ? "" : "s"}`) : "",
  ].filter(Boolean);
  out.result("");
  out.result(
    `${c.bold(`${summary.total} check${summary.total === 1 ? "" : "s"}:`)} ${parts.join(", ")} ${c.dim(`(${formatDuration(summary.durationMs / 1000)})`)}`,
  );
  if (!out.quiet) {
    if (report.exitCode === 0) {
      out.result(c.green("Everything hftool needs works."));
    } else if (!out.verbose) {
      out.result(
        c.dim(
          "Run 'hftool doctor -v' for every detail, or 'hftool doctor --json' for a report to attach to an issue.",
        ),
      );
    }
  }
}

/** Details and suggestions under a check: for problems always, for the rest with -v. */
function linesBelow(result: CheckResult, verbose: boolean, fixing: boolean): ((c: Colors) => string)[] {
  const problem = result.status === "warning" || result.status === "error";
  const lines: ((c: Colors) => string)[] = [];
  if (problem || verbose) {
    for (const detail of result.details) {
      for (const line of detail.split("\n")) lines.push((c) => c.dim(line));
    }
  }
  if (problem || result.status === "info" || verbose) {
    for (const s of result.suggestions) {
      lines.push((c) =>
        s.command
          ? `${c.cyan("→")} ${c.cyan(s.command)}  ${c.dim(s.description)}`
          : `${c.cyan("→")} ${s.description}`,
      );
    }
  }
  if (!fixing && result.fixable.length > 0) {
    const what = result.fixable.map((f) => f.description.charAt(0).toLowerCase() + f.description.slice(1));
    const summary = what.length <= 2 ? what.join("; ") : `${what.length} fixes`;
    lines.push((c) => `${c.cyan("→")} ${c.cyan("hftool doctor --fix")}  ${c.dim(`would ${summary}`)}`);
  }
  return lines;
}

export default doctor;
