import type { InputKind } from "../tasks/types.js";

/** File extensions (lower case, with the dot) that hold each kind of input. */
export const INPUT_EXTENSIONS: Readonly<Record<InputKind, readonly string[]>> = {
  text: [
    ".txt",
    ".md",
    ".markdown",
    ".json",
    ".jsonl",
    ".csv",
    ".tsv",
    ".html",
    ".xml",
    ".yaml",
    ".yml",
    ".srt",
    ".vtt",
  ],
  audio: [".wav", ".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".webm", ".wma", ".aiff", ".aif"],
  image: [".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".avif", ".heic"],
  video: [".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v"],
};

/** Whether a file name has an extension of the given input kind. */
export function hasInputExtension(path: string, kind: InputKind): boolean {
  const dot = path.lastIndexOf(".");
  return dot >= 0 && INPUT_EXTENSIONS[kind].includes(path.slice(dot).toLowerCase());
}
