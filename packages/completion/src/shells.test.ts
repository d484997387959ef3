import { describe, expect, it } from "@jest/globals";
import { isShell } from "./shells.js";

describe("isShell", () => {
  it("knows the supported shells", () => {
    expect(isShell("zsh")).toBe(true);
    expect(isShell("powershell")).toBe(true);
    expect(isShell("tcsh")).toBe(false);
  });
});
