import { UsageError } from "@hftool/core";
import { encodeAudio } from "../audio/encode-audio.js";
import { encodeImage } from "../image/encode-image.js";
import type { TaskResult } from "../pipelines/task-result.js";
import { renderTextResult } from "./render-text-result.js";
import type { Cue } from "../subtitles/cue.js";
import { formatSrt } from "../subtitles/format-srt.js";
import { formatTsv } from "../subtitles/format-tsv.js";
import { formatVtt } from "../subtitles/format-vtt.js";
import { renderVisionOutput } from "./render-vision-output.js";

/** Parameters of {@link renderTaskOutput}. */
export interface RenderTaskOutputParams {
  result: TaskResult;
  /** Output format, as an extension without the dot (`srt`, `json`, `wav`, `mp3`). */
  format: string;
  /** ffmpeg, for sound in compressed formats: a path, or `false` for never. @default findFfmpeg() */
  ffmpeg?: string | false;
}

/** A result rendered as a file. */
export interface RenderedOutput {
  data: Uint8Array | string;
  /** IANA media type (`application/x-subrip`, `audio/wav`). */
  mediaType: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function unsupported(kind: string, format: string, formats: string): never {
  throw new UsageError(`A ${kind} cannot be written as .${format}.`, { hint: `Use one of: ${formats}.` });
}

/**
 * Renders a task result in an output format: transcripts as text, SubRip, WebVTT, Whisper-style
 * TSV or JSON; speech segments as JSON, SubRip, WebVTT or tab-separated text; audio as 16-bit WAV
 * (or MP3, FLAC, Ogg, Opus, M4A with ffmpeg); images as PNG, JPEG or WebP; text task results as
 * JSON, readable text, or (embeddings) NumPy `.npy`.
 *
 * @throws {UsageError} when the result has no such format.
 */
export async function renderTaskOutput({
  result,
  format,
  ffmpeg,
}: RenderTaskOutputParams): Promise<RenderedOutput> {
  switch (result.kind) {
    case "transcript": {
      const cues: Cue[] =
        result.segments.length > 0 || result.text === ""
          ? result.segments
          : [{ start: 0, end: result.duration, text: result.text }];
      switch (format) {
        case "txt":
          return { data: result.text === "" ? "" : `${result.text}\n`, mediaType: "text/plain" };
        case "srt":
          return { data: formatSrt(cues), mediaType: "application/x-subrip" };
        case "vtt":
          return { data: formatVtt(cues), mediaType: "text/vtt" };
        case "tsv":
          return { data: formatTsv(cues), mediaType: "text/tab-separated-values" };
        case "json":
          return {
            data: json({
              text: result.text,
              ...(result.language ? { language: result.language } : {}),
              ...(result.task ? { task: result.task } : {}),
              duration: result.duration,
              segments: result.segments,
              ...(result.words ? { words: result.words } : {}),
            }),
            mediaType: "application/json",
          };
        default:
          return unsupported("transcript", format, "txt, srt, vtt, tsv, json");
      }
    }
    case "speech-segments": {
      const cues = result.segments.map((s) => ({ ...s, text: "[speech]" }));
      switch (format) {
        case "json":
          return {
            data: json({
              segments: result.segments,
              duration: result.duration,
              speech_duration: result.speechDuration,
              ...(result.probabilities
                ? {
                    window_duration: result.windowDuration,
                    probabilities: Array.from(result.probabilities, (p) => Math.round(p * 1000) / 1000),
                  }
                : {}),
            }),
            mediaType: "application/json",
          };
        case "srt":
          return { data: formatSrt(cues), mediaType: "application/x-subrip" };
        case "vtt":
          return { data: formatVtt(cues), mediaType: "text/vtt" };
        case "txt":
          return {
            data: result.segments.map((s) => `${s.start.toFixed(3)}\t${s.end.toFixed(3)}\n`).join(""),
            mediaType: "text/tab-separated-values",
          };
        default:
          return unsupported("list of speech segments", format, "json, srt, vtt, txt");
      }
    }
    case "audio":
      return encodeAudio({
        samples: result.samples,
        sampleRate: result.sampleRate,
        format,
        ...(ffmpeg !== undefined ? { ffmpeg } : {}),
      });
    case "image":
      return encodeImage({ png: result.png, format });
    case "image-labels":
    case "detections":
    case "segments":
    case "cutout":
    case "depth":
    case "caption":
    case "upscaled":
      return renderVisionOutput({ result, format });
    case "text-labels":
    case "entities":
    case "answers":
    case "mask-fills":
    case "generated-text":
    case "embeddings":
      return renderTextResult({ result, format });
  }
}
