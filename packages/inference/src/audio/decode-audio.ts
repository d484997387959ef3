import { spawn } from "node:child_process";
import { AbortError } from "@hftool/core";
import { AudioDecodeError } from "../errors/errors.js";
import type { DecodedAudio } from "./decoded-audio.js";
import { findFfmpeg } from "./find-ffmpeg.js";
import { resampleAudio } from "./resample-audio.js";

/** Parameters of {@link decodeAudio}. */
export interface DecodeAudioParams {
  /** The encoded file (WAV, MP3, FLAC, Ogg Vorbis/Opus, AAC/M4A, AIFF, CAF, WebM, …). */
  data: Uint8Array;
  /** Rate to convert to; `undefined` keeps the source rate. @default 16000 (what speech models take) */
  sampleRate?: number | undefined;
  /** Name of the input in messages (a file name or URL). @default "the audio" */
  name?: string;
  /** The file on disk, if it is one: ffmpeg reads it directly (some containers need seeking). */
  path?: string;
  /** ffmpeg for formats the built-in decoders do not read: a path, or `false` for never. @default findFfmpeg() */
  ffmpeg?: string | false;
  signal?: AbortSignal;
}

interface AudioDecodeModule {
  (data: Uint8Array): Promise<{ channelData: Float32Array[]; sampleRate: number }>;
}

let decoder: Promise<AudioDecodeModule> | undefined;

/** What a file that is not audio looks like, for a useful message. */
function sniffNonAudio(data: Uint8Array): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "a PNG image";
  if (starts(0xff, 0xd8, 0xff)) return "a JPEG image";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "a GIF image";
  if (starts(0x25, 0x50, 0x44, 0x46)) return "a PDF document";
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "a ZIP archive";
  const head = data.subarray(0, 512);
  if (head.length > 0 && head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127))) {
    return "text";
  }
  return undefined;
}

function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) out[i]! += channel[i]!;
  for (let i = 0; i < length; i++) out[i]! /= channels.length;
  return out;
}

function runFfmpeg(
  ffmpeg: string,
  params: { data: Uint8Array; path?: string; sampleRate: number; signal?: AbortSignal },
): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const input = params.path ?? "pipe:0";
    const child = spawn(
      ffmpeg,
      [
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-i",
        input,
        "-vn",
        "-ac",
        "1",
        "-ar",
        String(params.sampleRate),
        "-f",
        "f32le",
        "pipe:1",
      ],
      {
        stdio: [params.path ? "ignore" : "pipe", "pipe", "pipe"],
        ...(params.signal ? { signal: params.signal } : {}),
      },
    );
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new Error(stderr.trim().split("\n").pop() || `ffmpeg exited with code ${code}`));
        return;
      }
      const bytes = Buffer.concat(chunks);
      const samples = new Float32Array(bytes.length >> 2);
      new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.length * 4));
      resolve(samples);
    });
    if (!params.path) {
      child.stdin!.on("error", () => {}); // ffmpeg may stop reading early on bad input; its exit code says why
      child.stdin!.end(params.data);
    }
  });
}

/**
 * Decodes an audio file to mono float samples at `sampleRate` (16 kHz by default), in process:
 * `audio-decode` reads WAV, MP3, FLAC, Ogg Vorbis/Opus, AAC/M4A, AIFF, CAF, WebM/Matroska audio,
 * AMR, WMA and more with WebAssembly decoders shipped in npm; channels are averaged and
 * libsamplerate converts the rate. Anything else goes to ffmpeg when it is installed.
 *
 * @throws {AudioDecodeError} for empty input, something that is not audio, a format nothing here
 *   reads (the hint says to install ffmpeg or convert), or a damaged file.
 * @throws {AbortError} when `signal` is aborted.
 */
export async function decodeAudio(params: DecodeAudioParams): Promise<DecodedAudio> {
  const { data, name = "the audio" } = params;
  const target = "sampleRate" in params ? params.sampleRate : 16000;
  if (params.signal?.aborted) throw new AbortError();
  if (data.length === 0) {
    throw new AudioDecodeError(`${name} is empty.`, {
      hint: "Pass a recording (WAV, MP3, FLAC, OGG, M4A…).",
    });
  }
  let failure: unknown;
  try {
    decoder ??= import("audio-decode").then(
      (m) => ((m as { default?: AudioDecodeModule }).default ?? m) as AudioDecodeModule,
    );
    const decode = await decoder;
    const decoded = await decode(data);
    if (decoded.channelData.length > 0 && decoded.sampleRate > 0 && decoded.channelData[0]!.length > 0) {
      const mono = mixToMono(decoded.channelData);
      const samples = target
        ? await resampleAudio({ samples: mono, from: decoded.sampleRate, to: target })
        : mono;
      const sampleRate = target ?? decoded.sampleRate;
      return {
        samples,
        sampleRate,
        duration: samples.length / sampleRate,
        sourceSampleRate: decoded.sampleRate,
        sourceChannels: decoded.channelData.length,
        decoder: "audio-decode",
      };
    }
    failure = new Error("no audio samples");
  } catch (error) {
    failure = error;
  }
  if (params.signal?.aborted) throw new AbortError();

  const reason = failure instanceof Error ? failure.message : String(failure);
  const unknownFormat = /unknown audio format|no decoder/i.test(reason);
  const ffmpeg = params.ffmpeg === false ? undefined : (params.ffmpeg ?? findFfmpeg());
  if (ffmpeg) {
    try {
      const sampleRate = target ?? 16000;
      const samples = await runFfmpeg(ffmpeg, {
        data,
        sampleRate,
        ...(params.path ? { path: params.path } : {}),
        ...(params.signal ? { signal: params.signal } : {}),
      });
      if (samples.length > 0) {
        return { samples, sampleRate, duration: samples.length / sampleRate, decoder: "ffmpeg" };
      }
      failure = new Error("ffmpeg found no audio stream");
    } catch (error) {
      if (params.signal?.aborted) throw new AbortError();
      failure = error;
    }
  }

  const what = sniffNonAudio(data);
  if (what) {
    throw new AudioDecodeError(`${name} is ${what}, not audio.`, {
      hint: "Pass a recording (WAV, MP3, FLAC, OGG, M4A…).",
      cause: failure,
    });
  }
  if (unknownFormat && !ffmpeg) {
    throw new AudioDecodeError(`${name} is in an audio format hftool cannot read by itself.`, {
      code: "AUDIO_FORMAT_UNSUPPORTED",
      hint: "Install ffmpeg (hftool then uses it for every other format), or convert the file to WAV, MP3, FLAC or OGG.",
      cause: failure,
    });
  }
  const detail = failure instanceof Error ? failure.message : String(failure);
  throw new AudioDecodeError(`Cannot decode ${name}: ${detail}.`, {
    hint: "The file may be damaged or not audio. Try playing it, or convert it to WAV.",
    cause: failure,
  });
}
