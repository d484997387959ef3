import { afterAll, describe, expect, it } from "@jest/globals";
import { createFakeMachine } from "../test/helpers/fake-machine.js";
import { runDoctor } from "./run-doctor.js";
import type { CheckOutcome, CheckResult, DoctorCheck } from "./types.js";

function check(
  id: string,
  run: (signal: AbortSignal) => Promise<CheckOutcome>,
  timeoutMs = 2000,
): DoctorCheck {
  return {
    id,
    title: id.toUpperCase(),
    description: `the ${id} check`,
    category: "runtime",
    timeoutMs: () => timeoutMs,
    run: ({ signal }) => run(signal),
  };
}

const outcome = (status: CheckOutcome["status"]): CheckOutcome => ({ status, message: `${status}.` });
const machine = createFakeMachine();
const environment = machine.environment();
afterAll(() => machine.cleanup());

describe("runDoctor", () => {
  it("runs the checks at the same time: each waits until all have started", async () => {
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const waiting = (id: string) =>
      check(id, async () => {
        if (++started === 3) release();
        await allStarted;
        return outcome("ok");
      });
    const report = await runDoctor({ registry: [waiting("a"), waiting("b"), waiting("c")], environment });
    expect(report.checks.map((c) => [c.id, c.status, c.timedOut])).toEqual([
      ["a", "ok", false],
      ["b", "ok", false],
      ["c", "ok", false],
    ]);
  });

  it("turns a check past its timeout into a warning and aborts it; a crash into an error; others go on", async () => {
    let aborted = false;
    const hangs = check(
      "hangs",
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          });
        }),
      100,
    );
    const crashes = check("crashes", async () => {
      throw new Error("boom");
    });
    const fine = check("fine", async () => outcome("ok"));
    const seen: CheckResult[] = [];
    const report = await runDoctor({
      registry: [hangs, crashes, fine],
      environment,
      onCheckComplete: (r) => seen.push(r),
    });
    const [timedOut, crashed, ok] = report.checks;
    expect(timedOut).toMatchObject({
      status: "warning",
      timedOut: true,
      message: "Did not finish within 0.1 s.",
    });
    expect(timedOut!.suggestions[0]!.command).toBe("hftool doctor --check hangs");
    expect(aborted).toBe(true);
    expect(crashed).toMatchObject({ status: "error", message: "The check itself failed: boom" });
    expect(ok).toMatchObject({ status: "ok" });
    expect(seen.map((r) => r.id).sort()).toEqual(["crashes", "fine", "hangs"]);
    expect(report.exitCode).toBe(2);
    expect(report.summary).toMatchObject({ total: 3, ok: 1, warning: 1, error: 1, info: 0 });
  });

  it("exits 0 for ok and info, 1 with a warning, 2 with an error", async () => {
    const run = async (...statuses: CheckOutcome["status"][]) =>
      (
        await runDoctor({
          registry: statuses.map((s, i) => check(`c${i}`, async () => outcome(s))),
          environment,
        })
      ).exitCode;
    expect(await run("ok", "info")).toBe(0);
    expect(await run("ok", "warning", "info")).toBe(1);
    expect(await run("warning", "error")).toBe(2);
  });

  it("runs only the checks asked for (comma lists too), and rejects unknown ids with suggestions", async () => {
    const registry = ["node", "gpu", "network"].map((id) => check(id, async () => outcome("ok")));
    const report = await runDoctor({ registry, environment, checks: ["network,NODE"] });
    expect(report.checks.map((c) => c.id)).toEqual(["node", "network"]);
    await expect(runDoctor({ registry, environment, checks: ["gpus"] })).rejects.toMatchObject({
      code: "USAGE",
      message: "Unknown check 'gpus'. Did you mean 'gpu'?",
      hint: "The checks are: node, gpu, network.",
    });
  });

  it("stops with an AbortError when cancelled", async () => {
    const controller = new AbortController();
    const slow = check(
      "slow",
      (signal) => new Promise((resolve) => signal.addEventListener("abort", () => resolve(outcome("ok")))),
    );
    const running = runDoctor({ registry: [slow], environment, signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("records a fix that fails, and does not re-run a check none of whose fixes applied", async () => {
    let runs = 0;
    const broken = check("broken", async () => {
      runs++;
      return {
        ...outcome("warning"),
        fixes: [
          {
            id: "repair",
            description: "Repair it",
            deletesData: false,
            apply: async () => {
              throw new Error("read-only file system");
            },
          },
        ],
      };
    });
    const report = await runDoctor({ registry: [broken], environment, fix: true });
    expect(report.fixes).toEqual([
      {
        checkId: "broken",
        fixId: "repair",
        description: "Repair it",
        deletesData: false,
        outcome: "failed",
        error: "read-only file system",
      },
    ]);
    expect(runs).toBe(1);
    expect(report.checks[0]!.fixable).toEqual([
      { id: "repair", description: "Repair it", deletesData: false },
    ]);
  });
});
