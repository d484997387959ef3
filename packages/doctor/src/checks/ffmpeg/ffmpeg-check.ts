import { TASKS } from "@hftool/core";
import type { CheckOutcome, DoctorCheck, Suggestion } from "../../types.js";

/**
 * Tasks that may hand media to ffmpeg: audio in formats hftool has no built-in decoder for (the
 * sound track of a video, AMR and the like), sound written as mp3, flac, ogg, opus or m4a, and
 * video in or out.
 */
export function tasksUsingFfmpeg(): string[] {
  return TASKS.filter(
    (t) =>
      t.status === "available" &&
      (t.input === "audio" || t.output === "audio" || t.input === "video" || t.output === "video"),
  ).map((t) => t.name);
}

const PURPOSE =
  "to read audio formats without a built-in decoder, to write mp3, flac, ogg, opus or m4a, and for video";

/** `ffmpeg version 5.1.6-0+deb12u1 Copyright …` → `5.1.6-0+deb12u1`. */
export function parseFfmpegVersion(text: string): string | undefined {
  return /^ffmpeg version (\S+)/m.exec(text)?.[1];
}

function installSuggestions(platform: NodeJS.Platform): Suggestion[] {
  switch (platform) {
    case "darwin":
      return [{ description: "Install it with Homebrew", command: "brew install ffmpeg" }];
    case "win32":
      return [{ description: "Install it with winget", command: "winget install --id Gyan.FFmpeg" }];
    default:
      return [
        { description: "Debian, Ubuntu", command: "sudo apt-get install ffmpeg" },
        { description: "Fedora (RPM Fusion)", command: "sudo dnf install ffmpeg" },
        { description: "Or download a static build from https://ffmpeg.org/download.html" },
      ];
  }
}

/** ffmpeg: on PATH, runs, its version, and which tasks use it. */
export const ffmpegCheck: DoctorCheck = {
  id: "ffmpeg",
  title: "ffmpeg",
  description:
    "ffmpeg on PATH (reads audio formats without a built-in decoder, writes mp3/flac/ogg/opus/m4a, video)",
  category: "tools",
  timeoutMs: () => 6000,
  async run({ environment, signal }): Promise<CheckOutcome> {
    const tasks = tasksUsingFfmpeg();
    const uses = `used by ${tasks.join(", ")} ${PURPOSE}`;
    const path = await environment.findExecutable("ffmpeg");
    if (!path) {
      return {
        status: "info",
        message: `ffmpeg is not on PATH: optional, ${uses}.`,
        details: ["WAV audio and images never need it."],
        suggestions: installSuggestions(environment.platform),
        data: { found: false, tasks },
      };
    }
    const result = await environment.runCommand(path, ["-version"], { timeoutMs: 5000, signal });
    const version = parseFfmpegVersion(result.stdout);
    if (result.exitCode !== 0 || !version) {
      const why =
        result.failure === "timeout"
          ? "it did not answer within 5 s"
          : result.failure === "spawn-error"
            ? (result.errorMessage ?? "it cannot start")
            : `'ffmpeg -version' exited with code ${result.exitCode}${result.stderr.trim() ? `: ${result.stderr.trim().split("\n")[0]}` : ""}`;
      return {
        status: "warning",
        message: `ffmpeg at ${path} does not work: ${why}.`,
        details: [`hftool needs it for ${tasks.join(", ")}: ${PURPOSE}.`],
        suggestions: installSuggestions(environment.platform),
        data: { found: true, path, works: false, tasks },
      };
    }
    return {
      status: "ok",
      message: `ffmpeg ${version} at ${path}.`,
      details: [`hftool uses it for ${tasks.join(", ")}: ${PURPOSE}.`],
      data: { found: true, path, works: true, version, tasks },
    };
  },
};
