import type Sharp from "sharp";

let sharpModule: Promise<typeof Sharp> | undefined;

/** sharp (libvips), imported on first use: image codecs load only when an image is read or written. */
export function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import("sharp").then((module) => module.default);
  return sharpModule;
}
