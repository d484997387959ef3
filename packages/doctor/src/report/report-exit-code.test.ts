import { describe, expect, it } from "@jest/globals";
import { reportExitCode } from "./report-exit-code.js";

describe("reportExitCode", () => {
  it("is 0 for ok/info, 1 for warnings, 2 for errors", () => {
    expect(reportExitCode([])).toBe(0);
    expect(reportExitCode(["ok", "info"])).toBe(0);
    expect(reportExitCode(["ok", "warning"])).toBe(1);
    expect(reportExitCode(["warning", "error", "ok"])).toBe(2);
    expect(reportExitCode(["error", "warning"])).toBe(2);
  });
});
