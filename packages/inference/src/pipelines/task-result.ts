import type { Cue } from "../subtitles/cue.js";
import type { TextTaskResult } from "./text/text-results.js";
import type { VisionResult } from "./vision/vision-results.js";
import type { SpeechSegment } from "./vad/speech-segments-from-probabilities.js";

/** A transcript (speech-to-text). */
export interface TranscriptionResult {
  kind: "transcript";
  /** The whole text. */
  text: string;
  /** Timed segments (sentences or phrases); empty with `timestamps: none`. */
  segments: Cue[];
  /** Timed words, with `timestamps: word`. */
  words?: Cue[];
  /** Language asked for (Whisper), when known. */
  language?: string;
  /** `transcribe` or `translate`. */
  task?: "transcribe" | "translate";
  /** Length of the audio, in seconds. */
  duration: number;
}

/** Generated audio (text-to-speech). */
export interface AudioResult {
  kind: "audio";
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
  sampleRate: number;
  /** Length in seconds. */
  duration: number;
}

/** Where speech is (voice activity detection). */
export interface SpeechSegmentsResult {
  kind: "speech-segments";
  segments: SpeechSegment[];
  /** Length of the audio, in seconds. */
  duration: number;
  /** Seconds of speech in total. */
  speechDuration: number;
  /** Per-window speech probabilities, when asked for (`return_probabilities`). */
  probabilities?: Float32Array;
  /** Seconds per probability window. */
  windowDuration: number;
}

/** A generated or transformed image, encoded as PNG. */
export interface ImageResult {
  kind: "image";
  png: Uint8Array;
  width: number;
  height: number;
  /**
   * Every image of a run that makes several (text-to-image and image-to-image `num_images`), the
   * first being the one above, each with the seed that remakes it alone.
   */
  images?: GeneratedPng[];
  /**
   * The parameters a generation really ran with, named as on the command line (`prompt`,
   * `negative_prompt`, `steps`, `guidance_scale`, `width`, `height`, `seed`, `strength`, …), with
   * the model's defaults filled in: for metadata and for making the image again.
   */
  generation?: Record<string, unknown>;
  /** Where the time went, in milliseconds (`text_encoding`, `denoising`, `vae_decoding`, …). */
  timings?: Record<string, number>;
  /** What the user should know about the run (a prompt cut at CLIP's 77 tokens, a scheduler replaced). */
  notices?: string[];
}

/** One generated image, encoded as PNG. */
export interface GeneratedPng {
  png: Uint8Array;
  width: number;
  height: number;
  /** The seed that makes this image alone. */
  seed?: number;
}

/** What a task pipeline returns; `renderTaskOutput` turns each kind into files. */
export type TaskResult =
  TranscriptionResult | AudioResult | SpeechSegmentsResult | ImageResult | VisionResult | TextTaskResult;
