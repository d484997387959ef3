import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createFakeMachine, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { runDoctor } from "../../run-doctor.js";
import type { CheckResult } from "../../types.js";

let machine: FakeMachine;
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(() => machine.cleanup());

async function node(
  nodeVersion: string,
  today: string,
  env: Record<string, string> = {},
): Promise<CheckResult> {
  Object.assign(machine.env, env);
  const environment = machine.environment({ nodeVersion, now: () => new Date(`${today}T12:00:00Z`) });
  return (await runDoctor({ checks: ["node"], environment })).checks[0]!;
}

describe("node check", () => {
  it("is an error below what hftool needs, with the upgrade command of the version manager in use", async () => {
    const result = await node("18.19.1", "2025-01-10", { NVM_DIR: "/home/u/.nvm" });
    expect(result.status).toBe("error");
    expect(result.message).toBe("Node.js 18.19.1 is too old: hftool needs >=20.19.");
    expect(result.suggestions[0]!.command).toBe("nvm install --lts");
    expect((await node("20.18.3", "2025-01-10")).status).toBe("error");
  });

  it("is fine on a supported LTS release", async () => {
    const result = await node("22.12.0", "2026-11-25");
    expect(result.status).toBe("ok");
    expect(result.message).toBe("Node.js 22.12.0 (hftool needs >=20.19).");
    expect(result.data.endOfLife).toBe("2027-04-30");
  });

  it("notes a release past its end of life, and odd-numbered releases", async () => {
    const eol = await node("20.20.2", "2026-11-25");
    expect(eol.status).toBe("info");
    expect(eol.message).toContain("Node 20 reached its end of life on 2026-04-30");
    expect((await node("20.20.2", "2026-01-01")).status).toBe("ok");
    const odd = await node("25.2.0", "2026-01-01");
    expect(odd.status).toBe("info");
    expect(odd.message).toContain("odd-numbered releases are short-lived");
  });
});
