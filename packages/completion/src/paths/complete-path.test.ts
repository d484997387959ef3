import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { completePath } from "./complete-path.js";

let root: string;
let home: string;
let cwd: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "hftool-path-"));
  home = join(root, "home");
  cwd = join(root, "work");
  for (const dir of [
    join(home, "Music"),
    join(cwd, "clips", "old"),
    join(cwd, ".hidden"),
    join(cwd, "data"),
  ]) {
    mkdirSync(dir, { recursive: true });
  }
  for (const file of [
    "clips/talk.wav",
    "clips/song.mp3",
    "clips/notes.txt",
    "clip.wav",
    "readme.md",
    ".env",
  ]) {
    writeFileSync(join(cwd, file), "x");
  }
  writeFileSync(join(home, "Music", "a.flac"), "x");
  symlinkSync(join(cwd, "clips"), join(cwd, "linked"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const values = async (
  current: string,
  extra: Parameters<typeof completePath>[0] extends infer P ? Partial<P> : never = {},
) => (await completePath({ current, cwd, homeDir: home, ...extra })).map((i) => i.value).sort();

describe("completePath", () => {
  it("lists a folder's entries, folders with a trailing slash, hidden ones only when asked for", async () => {
    expect(await values("")).toEqual(["clip.wav", "clips/", "data/", "linked/", "readme.md"]);
    expect(await values(".")).toEqual([".env", ".hidden/"]);
    expect(await values("cl")).toEqual(["clip.wav", "clips/"]);
  });

  it("keeps the typed folder part, also through a symlink", async () => {
    expect(await values("clips/")).toEqual([
      "clips/notes.txt",
      "clips/old/",
      "clips/song.mp3",
      "clips/talk.wav",
    ]);
    expect(await values("./linked/t")).toEqual(["./linked/talk.wav"]);
    expect(await values(`${cwd}/da`)).toEqual([`${cwd}/data/`]);
  });

  it("expands ~ but shows it as typed", async () => {
    expect(await values("~")).toEqual(["~/"]);
    expect(await values("~/Mu")).toEqual(["~/Music/"]);
    expect(await values("~/Music/")).toEqual(["~/Music/a.flac"]);
  });

  it("prefers the given extensions, and falls back to every file when none has one", async () => {
    expect(await values("clips/", { extensions: ["wav", "mp3"] })).toEqual([
      "clips/old/",
      "clips/song.mp3",
      "clips/talk.wav",
    ]);
    expect(await values("clips/n", { extensions: ["wav"] })).toEqual(["clips/notes.txt"]);
  });

  it("offers folders only when asked, and nothing for a missing folder", async () => {
    expect(await values("", { kind: "directory" })).toEqual(["clips/", "data/", "linked/"]);
    expect(await values("nope/")).toEqual([]);
  });
});
