import { AbortError, suggestClosest, UsageError } from "@hftool/core";
import { DOCTOR_CHECKS } from "./checks/doctor-checks.js";
import {
  createDoctorEnvironment,
  type CreateDoctorEnvironmentParams,
} from "./environment/create-doctor-environment.js";
import type { DoctorEnvironment } from "./environment/doctor-environment.js";
import { reportExitCode } from "./report/report-exit-code.js";
import type {
  CheckContext,
  CheckResult,
  DoctorCheck,
  DoctorReport,
  FixPlan,
  FixRecord,
  SharedProbe,
} from "./types.js";
import { DOCTOR_VERSION } from "./version.js";

/** A fix that deletes downloaded data, as shown to whoever confirms it. */
export interface FixConfirmationRequest {
  checkId: string;
  fixId: string;
  description: string;
}

/** Parameters of {@link runDoctor}. */
export interface RunDoctorParams {
  /** Ids of the checks to run, in any order. @default every check */
  checks?: readonly string[];
  /** The machine to examine, or parts of it to replace. @default the real one */
  environment?: DoctorEnvironment | CreateDoctorEnvironmentParams;
  /** How long the network check waits for the Hub, in ms. @default 5000 */
  networkTimeoutMs?: number;
  /** Apply the safe fixes the checks propose, then run those checks again. @default false */
  fix?: boolean;
  /**
   * Asked before a fix that deletes downloaded data (partial downloads, corrupt blobs) runs;
   * resolve `true` to go ahead. @default declines every such fix
   */
  confirmFix?: (request: FixConfirmationRequest) => Promise<boolean>;
  /** Cancels the run (every check is aborted). */
  signal?: AbortSignal;
  /** Called as each check finishes, for progress display. */
  onCheckComplete?: (result: CheckResult) => void;
  /** Who the report is about. @default { name: "@hftool/doctor", version: this package's version } */
  tool?: { name: string; version: string };
  /** The checks to choose from. @default DOCTOR_CHECKS */
  registry?: readonly DoctorCheck[];
}

/**
 * Runs the checks in parallel, each with its own timeout, and returns the report. A check that
 * throws becomes an `error` result and one that runs out of time a `warning`; neither stops the
 * others. With `fix`, the safe repairs are applied (data-deleting ones only when `confirmFix`
 * agrees) and the repaired checks run again, so the report shows the state after fixing.
 *
 * @throws {UsageError} for an unknown check id (with the closest known ids).
 * @throws {AbortError} when `signal` aborts.
 */
export async function runDoctor(params: RunDoctorParams = {}): Promise<DoctorReport> {
  const registry = params.registry ?? DOCTOR_CHECKS;
  const selected = selectChecks(registry, params.checks);
  const environment = isFullEnvironment(params.environment)
    ? params.environment
    : createDoctorEnvironment(params.environment);
  const networkTimeoutMs = params.networkTimeoutMs ?? 5000;
  const started = performance.now();
  throwIfAborted(params.signal);

  const plans = new Map<string, FixPlan[]>();
  const runAll = async (checks: readonly DoctorCheck[]) => {
    const shared = createSharedProbe();
    return Promise.all(
      checks.map(async (check) => {
        const { result, fixes } = await runCheck(check, {
          environment,
          networkTimeoutMs,
          shared,
          signal: params.signal,
        });
        plans.set(check.id, fixes);
        params.onCheckComplete?.(result);
        return result;
      }),
    );
  };

  let results = await runAll(selected);
  throwIfAborted(params.signal);

  const fixes: FixRecord[] = [];
  if (params.fix) {
    const repaired = new Set<string>();
    for (const check of selected) {
      for (const plan of plans.get(check.id) ?? []) {
        throwIfAborted(params.signal);
        const record = await applyFix(check.id, plan, params);
        fixes.push(record);
        if (record.outcome === "applied") repaired.add(check.id);
      }
    }
    if (repaired.size > 0) {
      const again = await runAll(selected.filter((c) => repaired.has(c.id)));
      results = results.map((r) => again.find((a) => a.id === r.id) ?? r);
      throwIfAborted(params.signal);
    }
  }

  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    schemaVersion: 1,
    tool: params.tool ?? { name: "@hftool/doctor", version: DOCTOR_VERSION },
    generatedAt: environment.now().toISOString(),
    platform: {
      os: environment.platform,
      arch: environment.arch,
      release: environment.osRelease,
      node: environment.nodeVersion,
    },
    exitCode: reportExitCode(results.map((r) => r.status)),
    summary: {
      total: results.length,
      ok: count("ok"),
      warning: count("warning"),
      error: count("error"),
      info: count("info"),
      durationMs: Math.round(performance.now() - started),
    },
    checks: results,
    fixes,
  };
}

function selectChecks(registry: readonly DoctorCheck[], ids: readonly string[] | undefined): DoctorCheck[] {
  if (!ids || ids.length === 0) return [...registry];
  const known = registry.map((c) => c.id);
  const wanted = new Set<string>();
  for (const raw of ids) {
    for (const id of raw.split(",").map((s) => s.trim().toLowerCase())) {
      if (!id) continue;
      if (!known.includes(id)) {
        const near = suggestClosest({ input: id, candidates: known });
        throw new UsageError(
          `Unknown check '${id}'.${near.length ? ` Did you mean ${near.map((n) => `'${n}'`).join(" or ")}?` : ""}`,
          {
            hint: `The checks are: ${known.join(", ")}.`,
            details: { check: id, suggestions: near, checks: known },
          },
        );
      }
      wanted.add(id);
    }
  }
  return registry.filter((c) => wanted.has(c.id));
}

function isFullEnvironment(
  value: DoctorEnvironment | CreateDoctorEnvironmentParams | undefined,
): value is DoctorEnvironment {
  return (
    value !== undefined &&
    typeof (value as DoctorEnvironment).runCommand === "function" &&
    typeof (value as DoctorEnvironment).resolvePackage === "function" &&
    typeof (value as DoctorEnvironment).statfs === "function" &&
    typeof (value as DoctorEnvironment).now === "function" &&
    typeof (value as DoctorEnvironment).platform === "string" &&
    typeof (value as DoctorEnvironment).procRoot === "string"
  );
}

function createSharedProbe(): SharedProbe {
  const cache = new Map<string, Promise<unknown>>();
  return <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    let entry = cache.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = compute();
      cache.set(key, entry);
    }
    return entry;
  };
}

interface RunCheckOptions {
  environment: DoctorEnvironment;
  networkTimeoutMs: number;
  shared: SharedProbe;
  signal: AbortSignal | undefined;
}

async function runCheck(
  check: DoctorCheck,
  options: RunCheckOptions,
): Promise<{ result: CheckResult; fixes: FixPlan[] }> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const timeoutMs = check.timeoutMs({ networkTimeoutMs: options.networkTimeoutMs });
  const context: CheckContext = {
    environment: options.environment,
    networkTimeoutMs: options.networkTimeoutMs,
    shared: options.shared,
    signal: controller.signal,
  };
  const base = { id: check.id, title: check.title, category: check.category };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const running = check.run(context);
    // A check that fails after it timed out must not become an unhandled rejection.
    running.catch(() => undefined);
    const outcome = await Promise.race([running, timedOut]);
    const durationMs = Math.round(performance.now() - started);
    if (outcome === "timeout") {
      controller.abort(new Error(`The ${check.title} check ran out of time.`));
      return {
        result: {
          ...base,
          status: "warning",
          message: `Did not finish within ${formatSeconds(timeoutMs)}.`,
          details: ["Something it waits for (a program, a driver, the network) is not answering."],
          suggestions: [
            {
              description: "Run this check alone to see if it finishes",
              command: `hftool doctor --check ${check.id}`,
            },
          ],
          durationMs,
          timedOut: true,
          data: {},
          fixable: [],
        },
        fixes: [],
      };
    }
    const fixes = outcome.fixes ?? [];
    return {
      result: {
        ...base,
        status: outcome.status,
        message: outcome.message,
        details: outcome.details ?? [],
        suggestions: outcome.suggestions ?? [],
        durationMs,
        timedOut: false,
        data: outcome.data ?? {},
        fixable: fixes.map((f) => ({ id: f.id, description: f.description, deletesData: f.deletesData })),
      },
      fixes,
    };
  } catch (error) {
    if (options.signal?.aborted) throw new AbortError("Interrupted.", { cause: error });
    return {
      result: {
        ...base,
        status: "error",
        message: `The check itself failed: ${(error as Error)?.message ?? String(error)}`,
        details: [],
        suggestions: [
          {
            description: "This is a bug in hftool's doctor; please report it with the output of",
            command: `HFTOOL_DEBUG=1 hftool doctor --check ${check.id} --json`,
          },
        ],
        durationMs: Math.round(performance.now() - started),
        timedOut: false,
        data: { error: String((error as Error)?.stack ?? error) },
        fixable: [],
      },
      fixes: [],
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

async function applyFix(checkId: string, plan: FixPlan, params: RunDoctorParams): Promise<FixRecord> {
  const record = {
    checkId,
    fixId: plan.id,
    description: plan.description,
    deletesData: plan.deletesData,
  };
  if (plan.deletesData) {
    const confirmed = params.confirmFix
      ? await params.confirmFix({ checkId, fixId: plan.id, description: plan.description })
      : false;
    if (!confirmed) return { ...record, outcome: "declined" };
  }
  try {
    await plan.apply(params.signal ?? new AbortController().signal);
    return { ...record, outcome: "applied" };
  } catch (error) {
    return { ...record, outcome: "failed", error: (error as Error)?.message ?? String(error) };
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError("Interrupted.");
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
