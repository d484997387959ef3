import type { InputKind } from "@hftool/core";

/** File extensions offered first for a task's input, by the kind of data it reads. */
export const INPUT_EXTENSIONS: Readonly<Record<InputKind, readonly string[]>> = {
  audio: ["wav", "mp3", "flac", "ogg", "oga", "opus", "m4a", "aac", "webm"],
  image: ["png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff", "avif"],
  video: ["mp4", "mov", "mkv", "avi", "webm"],
  text: ["txt", "md", "json", "jsonl", "csv", "tsv", "yaml", "yml"],
};
