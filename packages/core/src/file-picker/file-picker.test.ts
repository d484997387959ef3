import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { listPickerCandidates } from "./list-picker-candidates.js";
import { parseFileReference } from "./parse-file-reference.js";

describe("parseFileReference", () => {
  const base = { cwd: "/work", home: "/home/me" };
  it("reads every form of the @ syntax", () => {
    expect(parseFileReference({ ...base, value: "hello" })).toBeUndefined();
    expect(parseFileReference({ ...base, value: "@" })).toEqual({
      kind: "folder",
      dir: "/work",
      recursive: false,
    });
    expect(parseFileReference({ ...base, value: "@." })).toEqual({
      kind: "folder",
      dir: "/work",
      recursive: true,
    });
    expect(parseFileReference({ ...base, value: "@~" })).toEqual({
      kind: "folder",
      dir: "/home/me",
      recursive: false,
    });
    expect(parseFileReference({ ...base, value: "@~/Music/" })).toEqual({
      kind: "folder",
      dir: "/home/me/Music",
      recursive: false,
    });
    expect(parseFileReference({ ...base, value: "@@" })).toEqual({ kind: "history" });
    expect(parseFileReference({ ...base, value: "@?" })).toEqual({ kind: "builder" });
    expect(parseFileReference({ ...base, value: "@**/*.wav" })).toEqual({
      kind: "glob",
      pattern: "**/*.wav",
    });
    expect(parseFileReference({ ...base, value: "@rec/" })).toEqual({
      kind: "folder",
      dir: "/work/rec",
      recursive: false,
    });
    expect(parseFileReference({ ...base, value: "@rec", isDirectory: (p) => p === "/work/rec" })).toEqual({
      kind: "folder",
      dir: "/work/rec",
      recursive: false,
    });
    expect(parseFileReference({ ...base, value: "@talk.wav" })).toEqual({
      kind: "path",
      path: "/work/talk.wav",
    });
    expect(parseFileReference({ ...base, value: "@/abs/x.png" })).toEqual({
      kind: "path",
      path: "/abs/x.png",
    });
  });
});

describe("listPickerCandidates", () => {
  const tree = () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-picker-"));
    mkdirSync(join(dir, "a", "b", "c", "d"), { recursive: true });
    mkdirSync(join(dir, ".hidden"));
    for (const f of [
      "one.wav",
      "two.MP3",
      "notes.txt",
      "pic.png",
      ".secret.wav",
      "a/three.flac",
      "a/b/c/deep.wav",
      "a/b/c/d/too-deep.wav",
      ".hidden/x.wav",
    ]) {
      writeFileSync(join(dir, f), "x");
    }
    symlinkSync(join(dir, "missing.wav"), join(dir, "dangling.wav"));
    return dir;
  };

  it("filters by the task's input kind and skips hidden files", async () => {
    const dir = tree();
    const { files } = await listPickerCandidates({ source: { dir, recursive: false }, kind: "audio" });
    expect(files.map((f) => f.label)).toEqual(["one.wav", "two.MP3"]);
    const text = await listPickerCandidates({ source: { dir, recursive: false }, kind: "text" });
    expect(text.files.map((f) => f.label)).toEqual(["notes.txt"]);
  });

  it("recurses to a bounded depth", async () => {
    const dir = tree();
    const { files } = await listPickerCandidates({
      source: { dir, recursive: true },
      kind: "audio",
      maxDepth: 4,
    });
    expect(files.map((f) => f.label)).toEqual(["a/b/c/deep.wav", "a/three.flac", "one.wav", "two.MP3"]);
  });

  it("matches globs, limits the list but counts everything", async () => {
    const dir = tree();
    const { files, total } = await listPickerCandidates({
      source: { pattern: "**/*.wav" },
      cwd: dir,
      kind: "audio",
      limit: 2,
    });
    expect(total).toBe(3); // one.wav, a/b/c/deep.wav, a/b/c/d/too-deep.wav: not hidden ones, not dangling links
    expect(files.map((f) => f.label)).toEqual(["a/b/c/d/too-deep.wav", "a/b/c/deep.wav"]);
  });

  it("explains a missing folder", async () => {
    await expect(listPickerCandidates({ source: { dir: "/no/such/dir", recursive: false } })).rejects.toThrow(
      "Folder /no/such/dir does not exist.",
    );
  });
});
