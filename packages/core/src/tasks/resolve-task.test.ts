import { describe, expect, it } from "@jest/globals";
import { TaskNotFoundError } from "../errors/errors.js";
import { findTask, resolveTask } from "./resolve-task.js";
import { TASKS } from "./task-registry.js";

describe("task registry", () => {
  it("resolves every canonical name and alias to its task", () => {
    for (const task of TASKS) {
      expect(resolveTask(task.name)).toBe(task);
      for (const alias of task.aliases) expect(resolveTask(alias).name).toBe(task.name);
    }
  });

  it("never lets two tasks claim one name or alias", () => {
    const owners = new Map<string, string>();
    for (const task of TASKS) {
      for (const name of [task.name, ...task.aliases]) {
        expect(owners.get(name) ?? task.name).toBe(task.name);
        owners.set(name, task.name);
      }
    }
  });

  it("knows the aliases users of the Python tool type", () => {
    const expected: Record<string, string> = {
      t2i: "text-to-image",
      i2i: "image-to-image",
      img2img: "image-to-image",
      t2v: "text-to-video",
      i2v: "image-to-video",
      tts: "text-to-speech",
      asr: "automatic-speech-recognition",
      stt: "automatic-speech-recognition",
      "speech-to-text": "automatic-speech-recognition",
      llm: "text-generation",
      qa: "question-answering",
      embeddings: "feature-extraction",
      sentiment: "text-classification",
      vad: "voice-activity-detection",
    };
    for (const [alias, name] of Object.entries(expected)) expect(resolveTask(alias).name).toBe(name);
  });

  it("accepts case and separator variations", () => {
    expect(findTask("Text_To_Image")?.name).toBe("text-to-image");
    expect(findTask(" ASR ")?.name).toBe("automatic-speech-recognition");
  });

  it("describes each task completely", () => {
    for (const task of TASKS) {
      expect(task.description.length).toBeGreaterThan(10);
      expect(task.defaultExtension).toMatch(/^\.[a-z0-9]+$/);
      expect(task.formats).toContain(task.defaultExtension.slice(1));
      if (task.status === "unsupported") expect(task.unsupportedReason).toBeTruthy();
      const names = task.params.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("suggests the closest names for a typo", () => {
    let error: unknown;
    try {
      resolveTask("text-to-imag");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskNotFoundError);
    const notFound = error as TaskNotFoundError;
    expect(notFound.suggestions[0]).toBe("text-to-image");
    expect(notFound.message).toContain("Did you mean 'text-to-image'");
    expect(notFound.hint).toContain("hftool tasks");
    expect(notFound.exitCode).toBe(2);
  });
});
