import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { completeFilePicker } from "./complete-file-picker.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "hftool-picker-"));
  mkdirSync(join(root, "work", "clips"), { recursive: true });
  mkdirSync(join(root, "home", "Music"), { recursive: true });
  writeFileSync(join(root, "work", "clips", "talk.wav"), "x");
  writeFileSync(join(root, "work", "clips", "notes.txt"), "x");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const values = async (current: string) =>
  (
    await completeFilePicker({
      current,
      cwd: join(root, "work"),
      homeDir: join(root, "home"),
      extensions: ["wav"],
    })
  ).map((i) => i.value);

describe("completeFilePicker", () => {
  it("offers every @ form, described", async () => {
    const items = await completeFilePicker({ current: "@", cwd: root });
    expect(items.map((i) => i.value)).toEqual(["@", "@.", "@~", "@@", "@?", "@./", "@~/"]);
    expect(items.every((i) => i.description)).toBe(true);
  });

  it("narrows the forms as they are typed", async () => {
    expect(await values("@.")).toEqual(["@.", "@./"]);
    expect(await values("@~")).toEqual(["@~", "@~/"]);
    expect(await values("@@")).toEqual(["@@"]);
    expect(await values("@?")).toEqual(["@?"]);
  });

  it("completes paths after the @, folder by folder, preferring the task's files", async () => {
    expect(await values("@./")).toEqual(["@./", "@./clips/"]);
    expect(await values("@./clips/")).toEqual(["@./clips/talk.wav"]);
    expect(await values("@~/")).toEqual(["@~/", "@~/Music/"]);
    expect(await values("@cl")).toEqual(["@clips/"]);
  });

  it("ignores words without an @", async () => {
    expect(await values("clips")).toEqual([]);
  });
});
