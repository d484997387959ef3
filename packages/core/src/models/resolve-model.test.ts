import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { ModelNotFoundError, NotSupportedError } from "../errors/errors.js";
import { listTasks } from "../tasks/list-tasks.js";
import { MODELS } from "./model-registry.js";
import { resolveModel } from "./resolve-model.js";
import { DTYPES } from "./types.js";

describe("model registry", () => {
  it("has complete entries with real-looking Hub repo ids", () => {
    for (const m of MODELS) {
      expect(m.repo).toMatch(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/);
      expect(m.name).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(m.description.length).toBeGreaterThan(5);
      expect(m.sizeBytes).toBeGreaterThan(0);
      expect(m.license).toBeTruthy();
      expect(m.dtypes.length).toBeGreaterThan(0);
      for (const d of m.dtypes) expect(DTYPES).toContain(d);
      if (m.defaultDtype) expect(m.dtypes).toContain(m.defaultDtype);
      expect(listTasks().some((t) => t.name === m.task)).toBe(true);
    }
  });

  it("has exactly one default per runnable task and none for unsupported tasks", () => {
    for (const task of listTasks()) {
      const defaults = MODELS.filter((m) => m.task === task.name && m.default);
      expect([task.name, defaults.length]).toEqual([task.name, task.status === "available" ? 1 : 0]);
    }
  });

  it("keeps short names unique within a task", () => {
    const seen = new Set<string>();
    for (const m of MODELS) {
      const key = `${m.task}:${m.name}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });
});

describe("resolveModel", () => {
  it("uses the task default when no model is given", () => {
    const r = resolveModel({ task: "asr" });
    expect(r.kind).toBe("registry");
    expect(r.kind === "registry" && r.entry.default).toBe(true);
  });

  it("finds registry entries by short name, repo id and last segment", () => {
    expect(resolveModel({ task: "asr", model: "whisper-small" })).toMatchObject({
      kind: "registry",
      repo: "onnx-community/whisper-small",
    });
    expect(resolveModel({ task: "asr", model: "ONNX-community/Whisper-Small" })).toMatchObject({
      kind: "registry",
      repo: "onnx-community/whisper-small",
    });
    expect(resolveModel({ task: "asr", model: "whisper-tiny.en" })).toMatchObject({
      repo: "Xenova/whisper-tiny.en",
    });
  });

  it("picks the entry of the requested task when a name is listed twice", () => {
    const r = resolveModel({ task: "i2i", model: "sd-turbo" });
    expect(r.kind === "registry" && r.entry.task).toBe("image-to-image");
  });

  it("follows config aliases, also to repo ids and revisions", () => {
    expect(resolveModel({ task: "asr", model: "fast", aliases: { fast: "whisper-tiny" } })).toMatchObject({
      repo: "onnx-community/whisper-tiny",
      requested: "fast",
    });
    expect(resolveModel({ task: "asr", model: "mine", aliases: { mine: "me/my-whisper@v2" } })).toMatchObject(
      { kind: "hub", repo: "me/my-whisper", revision: "v2" },
    );
  });

  it("accepts any Hub repo id", () => {
    expect(resolveModel({ task: "tts", model: "someone/new-voice" })).toEqual({
      kind: "hub",
      repo: "someone/new-voice",
      revision: "main",
      requested: "someone/new-voice",
    });
  });

  it("uses local folders, relative or absolute", () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-model-"));
    mkdirSync(join(dir, "vad", "onnx"), { recursive: true });
    writeFileSync(join(dir, "vad", "onnx", "model.onnx"), "");
    expect(resolveModel({ task: "vad", model: "./vad", cwd: dir })).toEqual({
      kind: "local",
      path: join(dir, "vad"),
      requested: "./vad",
    });
    expect(resolveModel({ task: "vad", model: join(dir, "vad") })).toMatchObject({ kind: "local" });
    expect(() => resolveModel({ task: "vad", model: "./missing", cwd: dir })).toThrow(/does not exist/);
    expect(() => resolveModel({ task: "vad", model: join(dir, "vad", "onnx", "model.onnx") })).toThrow(
      /is a file/,
    );
  });

  it("says when a registry model belongs to another task", () => {
    expect(() => resolveModel({ task: "tts", model: "whisper-base" })).toThrow(
      "'whisper-base' is a automatic-speech-recognition model, not a text-to-speech model.",
    );
  });

  it("suggests close names for unknown models", () => {
    try {
      resolveModel({ task: "asr", model: "whisper-smal" });
      throw new Error("expected an error");
    } catch (error) {
      expect(error).toBeInstanceOf(ModelNotFoundError);
      expect((error as ModelNotFoundError).suggestions).toContain("whisper-small");
      expect((error as ModelNotFoundError).hint).toContain("hftool models -t automatic-speech-recognition");
    }
  });

  it("explains tasks that have no model yet", () => {
    expect(() => resolveModel({ task: "t2v" })).toThrow(NotSupportedError);
  });
});
