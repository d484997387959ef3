import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@hftool/core";
import { InferenceError } from "../errors/errors.js";
import { encodeWav } from "./encode-wav.js";
import { findFfmpeg } from "./find-ffmpeg.js";

/**
 * Compressed formats ffmpeg writes, with the encoder each uses: the settings of common
 * podcast/music exports (MP3 at 192 kbit/s, as the Python hftool wrote it; Opus at 96 kbit/s).
 */
const FFMPEG_ENCODINGS: Readonly<Record<string, { mediaType: string; args: readonly string[] }>> = {
  mp3: { mediaType: "audio/mpeg", args: ["-codec:a", "libmp3lame", "-b:a", "192k", "-f", "mp3"] },
  flac: { mediaType: "audio/flac", args: ["-codec:a", "flac", "-f", "flac"] },
  ogg: { mediaType: "audio/ogg", args: ["-codec:a", "libvorbis", "-q:a", "5", "-f", "ogg"] },
  opus: { mediaType: "audio/ogg; codecs=opus", args: ["-codec:a", "libopus", "-b:a", "96k", "-f", "ogg"] },
  m4a: { mediaType: "audio/mp4", args: ["-codec:a", "aac", "-b:a", "192k", "-f", "ipod"] },
};

/** Audio formats hftool writes: WAV in process, the others through ffmpeg. */
export const AUDIO_OUTPUT_FORMATS = ["wav", ...Object.keys(FFMPEG_ENCODINGS)] as const;

/**
 * Checks, before any model runs, that sound can be written in `format`: a format hftool knows,
 * and ffmpeg present for the compressed ones.
 *
 * @throws {UsageError} when it cannot, saying what to install or use instead.
 */
export function checkAudioOutput(params: { format: string; ffmpeg?: string | false }): void {
  if (params.format.toLowerCase() !== "wav") ffmpegEncoder(params.format.toLowerCase(), params.ffmpeg);
}

/** The encoder settings and the ffmpeg for a compressed format, or the error that says why not. */
function ffmpegEncoder(
  format: string,
  ffmpeg: string | false | undefined,
): { encoding: (typeof FFMPEG_ENCODINGS)[string]; ffmpeg: string } {
  const encoding = FFMPEG_ENCODINGS[format];
  if (!encoding) {
    throw new UsageError(`Sound cannot be written as .${format}.`, {
      hint: `Use one of: ${AUDIO_OUTPUT_FORMATS.join(", ")}.`,
    });
  }
  const path = ffmpeg === undefined ? findFfmpeg() : ffmpeg;
  if (!path) {
    throw new UsageError(
      `Writing .${format} needs ffmpeg, which is not installed (or HFTOOL_FFMPEG turns it off).`,
      {
        hint: "Install ffmpeg (apt install ffmpeg, brew install ffmpeg, winget install ffmpeg), or write .wav.",
      },
    );
  }
  return { encoding, ffmpeg: path };
}

/** Parameters of {@link encodeAudio}. */
export interface EncodeAudioParams {
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
  sampleRate: number;
  /** `wav`, `mp3`, `flac`, `ogg` (Vorbis), `opus` (Ogg Opus) or `m4a` (AAC). */
  format: string;
  /** ffmpeg for the compressed formats: a path, or `false` for never. @default findFfmpeg() */
  ffmpeg?: string | false;
  signal?: AbortSignal;
}

/**
 * Encodes mono samples as an audio file: 16-bit WAV in process, MP3, FLAC, Ogg Vorbis, Ogg Opus
 * or AAC (`.m4a`) with ffmpeg, which does them better than any JavaScript encoder (and licenses
 * them: the MP3 and AAC encoders are not ours to ship).
 *
 * @throws {UsageError} for another format, or a compressed one without ffmpeg.
 * @throws {InferenceError} when ffmpeg fails (e.g. a build without that encoder).
 */
export async function encodeAudio(
  params: EncodeAudioParams,
): Promise<{ data: Uint8Array; mediaType: string }> {
  const format = params.format.toLowerCase();
  if (format === "wav") {
    return {
      data: await encodeWav({ samples: params.samples, sampleRate: params.sampleRate }),
      mediaType: "audio/wav",
    };
  }
  const { encoding, ffmpeg } = ffmpegEncoder(format, params.ffmpeg);
  const wav = await encodeWav({ samples: params.samples, sampleRate: params.sampleRate });
  // a file, not a pipe: MP4 (.m4a) writes its index at the end and needs to seek back
  const dir = await mkdtemp(join(tmpdir(), "hftool-audio-"));
  const out = join(dir, `out.${format}`);
  try {
    await run(
      ffmpeg,
      [
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "wav",
        "-i",
        "pipe:0",
        ...encoding.args,
        "-y",
        out,
      ],
      wav,
      params.signal,
    ).catch((error: unknown) => {
      throw new InferenceError(`ffmpeg could not write .${format}: ${(error as Error).message}`, {
        code: "ENCODE_FAILED",
        hint: `This ffmpeg may lack the encoder (${encoding.args[1]}): write .wav or .flac, or install a full ffmpeg build.`,
        cause: error,
      });
    });
    return { data: new Uint8Array(await readFile(out)), mediaType: encoding.mediaType };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(ffmpeg: string, args: string[], input: Uint8Array, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ["pipe", "ignore", "pipe"], ...(signal ? { signal } : {}) });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(stderr.trim().split("\n").pop() || `ffmpeg exited with code ${code}`));
    });
    child.stdin!.on("error", () => {}); // its exit code says why it stopped reading
    child.stdin!.end(input);
  });
}
