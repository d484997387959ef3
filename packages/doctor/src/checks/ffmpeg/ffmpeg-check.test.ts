import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { createFakeMachine, fixture, type FakeMachine } from "../../../test/helpers/fake-machine.js";
import { runDoctor } from "../../run-doctor.js";
import type { CheckResult } from "../../types.js";

let machine: FakeMachine;
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(() => machine.cleanup());

async function ffmpeg(platform: NodeJS.Platform = "linux"): Promise<CheckResult> {
  return (await runDoctor({ checks: ["ffmpeg"], environment: machine.environment({ platform }) })).checks[0]!;
}

describe("ffmpeg check", () => {
  it("reports the version and path of a working ffmpeg, and which tasks use it", async () => {
    const path = machine.stub(
      "ffmpeg",
      { stdout: "" },
      { "-version": { stdout: fixture("ffmpeg/version-debian12.txt") } },
    );
    const result = await ffmpeg();
    expect(result.status).toBe("ok");
    expect(result.message).toBe(`ffmpeg 5.1.9-0+deb12u1 at ${path}.`);
    expect(result.data).toMatchObject({
      version: "5.1.9-0+deb12u1",
      tasks: ["automatic-speech-recognition", "text-to-speech", "voice-activity-detection"],
    });
  });

  it("says it is optional when missing, with the install command for the platform", async () => {
    const linux = await ffmpeg("linux");
    expect(linux.status).toBe("info");
    expect(linux.message).toContain(
      "ffmpeg is not on PATH: optional, used by automatic-speech-recognition, text-to-speech, voice-activity-detection to read audio formats without a built-in decoder, to write mp3, flac, ogg, opus or m4a",
    );
    expect(linux.suggestions[0]!.command).toBe("sudo apt-get install ffmpeg");
    expect((await ffmpeg("darwin")).suggestions[0]!.command).toBe("brew install ffmpeg");
  });

  it("warns about an ffmpeg that is on PATH but broken", async () => {
    const path = machine.stub("ffmpeg", {
      stderr:
        "ffmpeg: error while loading shared libraries: libavdevice.so.59: cannot open shared object file: No such file or directory\n",
      exitCode: 127,
    });
    const result = await ffmpeg();
    expect(result.status).toBe("warning");
    expect(result.message).toBe(
      `ffmpeg at ${path} does not work: 'ffmpeg -version' exited with code 127: ffmpeg: error while loading shared libraries: libavdevice.so.59: cannot open shared object file: No such file or directory.`,
    );
  });
});
