import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { writeFileAtomic } from "./write-file-atomic.js";

describe("writeFileAtomic", () => {
  it("creates folders, writes, and leaves no temporary files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-atomic-"));
    const file = join(dir, "a", "b", "config.toml");
    await writeFileAtomic({ path: file, data: "x = 1\n" });
    expect(readFileSync(file, "utf8")).toBe("x = 1\n");
    expect(readdirSync(join(dir, "a", "b"))).toEqual(["config.toml"]);
  });

  it("keeps an existing file's mode", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-atomic-"));
    const file = join(dir, "secret");
    writeFileSync(file, "old");
    chmodSync(file, 0o600);
    await writeFileAtomic({ path: file, data: "new" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe("new");
  });

  it("leaves the old contents when the write fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-atomic-"));
    const file = join(dir, "config.toml");
    writeFileSync(file, "old");
    // a target that is a folder makes the final rename fail after the temp file was written
    const folder = join(dir, "folder");
    await writeFileAtomic({ path: join(folder, "x"), data: "" });
    await expect(writeFileAtomic({ path: folder, data: "new" })).rejects.toThrow();
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(readdirSync(dir).sort()).toEqual(["config.toml", "folder"]);
  });
});
