import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createFakeMachine, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { resolvePackage } from "../../environment/resolve-package.js";
import { runDoctor } from "../../run-doctor.js";
import type { CheckResult } from "../../types.js";
import { createFeaturesCheck } from "./create-features-check.js";
import { OPTIONAL_FEATURES } from "./optional-features.js";

let machine: FakeMachine;
let app: string;
beforeEach(() => {
  machine = createFakeMachine();
  app = join(machine.root, "app");
  mkdirSync(join(app, "node_modules"), { recursive: true });
});
afterEach(() => machine.cleanup());

/** Links a real installed package (a devDependency of this package) into the fake app. */
function linkReal(name: string): void {
  const real = resolvePackage({ name, bases: [import.meta.url] })!;
  mkdirSync(join(app, "node_modules", name, ".."), { recursive: true });
  symlinkSync(real.dir, join(app, "node_modules", name), "dir");
}

/** Writes a package into the fake app; `code` is its CommonJS entry. */
function fakePackage(name: string, version: string, code: string): void {
  const dir = join(app, "node_modules", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version, main: "index.js" }));
  writeFileSync(join(dir, "index.js"), code);
}

async function features(ids?: string[]): Promise<CheckResult> {
  const registry = ids
    ? [createFeaturesCheck({ features: OPTIONAL_FEATURES.filter((f) => ids.includes(f.id)) })]
    : undefined;
  const report = await runDoctor({
    checks: ["features"],
    environment: machine.environment({ packageBases: [app] }),
    ...(registry ? { registry } : {}),
  });
  return report.checks[0]!;
}

describe("features check", () => {
  it("decodes a WAV with the real audio decoder and loads the real resampler", async () => {
    linkReal("audio-decode");
    linkReal("@alexanderolsen/libsamplerate-js");
    const result = await features(["audio-decode", "resampler"]);
    expect(result.status).toBe("ok");
    expect(result.message).toMatch(
      /^audio-decode 3\.\d+\.\d+, @alexanderolsen\/libsamplerate-js 2\.\d+\.\d+ work\.$/,
    );
  });

  it("finds a library that installed but cannot load its native part, and names the tasks it breaks", async () => {
    fakePackage("@hftool/inference", "0.1.0", "module.exports = {};");
    linkReal("audio-decode");
    linkReal("@alexanderolsen/libsamplerate-js");
    fakePackage(
      "sharp",
      "0.35.5",
      `throw new Error('Could not load the "sharp" module using the linux-x64 runtime\\nPossible solutions: …');`,
    );
    const result = await features();
    expect(result.status).toBe("error");
    expect(result.message).toMatch(/^sharp is installed but does not work: \d+ tasks cannot run\.$/);
    expect(result.details).toContain(
      'sharp 0.35.5: installed but broken: Could not load the "sharp" module using the linux-x64 runtime',
    );
    expect(result.details.join("\n")).toContain(
      "@huggingface/transformers: not installed; needed by automatic-speech-recognition",
    );
  });

  it("finds a library that loads but does the work wrongly", async () => {
    fakePackage(
      "audio-decode",
      "3.0.0",
      "module.exports = async () => ({ sampleRate: 44100, channelData: [] });",
    );
    const result = await features(["audio-decode"]);
    expect(result.status).toBe("error");
    expect(result.details[0]).toBe(
      "audio-decode 3.0.0: installed but broken: it decoded a test WAV file wrongly",
    );
  });

  it("warns about missing libraries when @hftool/inference is installed, and only informs without it", async () => {
    linkReal("audio-decode");
    const missing = {
      id: "speech-codec",
      title: "a speech codec nobody publishes",
      package: "@hftool-test/not-published",
      tasks: ["text-to-speech"],
      probe: async () => undefined,
    };
    const decoder = OPTIONAL_FEATURES.find((f) => f.id === "audio-decode")!;
    const run = async () => {
      const report = await runDoctor({
        checks: ["features"],
        environment: machine.environment({ packageBases: [app] }),
        registry: [createFeaturesCheck({ features: [decoder, missing] })],
      });
      return report.checks[0]!;
    };
    const alone = await run();
    expect(alone.status).toBe("info");
    expect(alone.message).toBe(
      "@hftool/inference is not installed with this program, so no task libraries are expected (1 of 2 found).",
    );

    fakePackage("@hftool/inference", "0.1.0", "module.exports = {};");
    const withInference = await run();
    expect(withInference.status).toBe("warning");
    expect(withInference.message).toBe("@hftool-test/not-published missing: text-to-speech cannot run.");
    expect(withInference.details).toContain(
      "@hftool-test/not-published: not installed; needed by text-to-speech.",
    );
  });
});
