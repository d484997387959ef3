import { existsSync, statSync } from "node:fs";
import { InputError } from "@hftool/core";
import { DiffusionParamError } from "../errors.js";
import { loadSharp } from "./load-sharp.js";
import type { DiffusionImageInput } from "./raw-image.js";

/** Parameters of {@link decodeInputImage}. */
export interface DecodeInputImageParams {
  image: DiffusionImageInput;
  /** Target width, a multiple of 8. @default the image's width rounded down to a multiple of 8 */
  width?: number;
  /** Target height, a multiple of 8. @default the image's height rounded down to a multiple of 8 */
  height?: number;
  /** How to name the image in messages (its file name). @default the path, or "the input bytes" */
  name?: string;
}

/** RGB pixels ready for the VAE encoder. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  /** Size before resizing. */
  originalWidth: number;
  originalHeight: number;
}

function describe(image: DiffusionImageInput, name: string | undefined): string {
  if (name !== undefined) return name;
  return typeof image === "string"
    ? image
    : image instanceof Uint8Array
      ? "the input bytes"
      : "the raw input image";
}

/**
 * Decodes an image-to-image input with sharp: transparency is flattened onto white, grey becomes
 * RGB, and the picture is resized (Lanczos) to `width`×`height`, or to its own size rounded down
 * to multiples of 8 as the VAE requires.
 */
export async function decodeInputImage({
  image,
  width,
  height,
  name,
}: DecodeInputImageParams): Promise<DecodedImage> {
  if (typeof image === "string" && (!existsSync(image) || !statSync(image).isFile())) {
    throw new InputError(`Input image ${image} does not exist.`, {
      code: "INPUT_NOT_FOUND",
      hint: "Check the path given with -i.",
      details: { file: image },
    });
  }
  const sharp = await loadSharp();
  const source =
    typeof image === "string" || image instanceof Uint8Array
      ? sharp(image, { failOn: "error" })
      : sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
  let metadata: { width?: number; height?: number };
  try {
    metadata = await source.metadata();
  } catch (cause) {
    throw new InputError(
      `${describe(image, name)} is not an image hftool can read (${(cause as Error).message}).`,
      {
        code: "INPUT_NOT_IMAGE",
        cause,
        hint: "image-to-image takes PNG, JPEG, WebP, GIF, TIFF or AVIF files.",
        details: typeof image === "string" ? { file: image } : {},
      },
    );
  }
  const originalWidth = metadata.width ?? 0;
  const originalHeight = metadata.height ?? 0;
  const targetWidth = width ?? originalWidth - (originalWidth % 8);
  const targetHeight = height ?? originalHeight - (originalHeight % 8);
  if (targetWidth < 8 || targetHeight < 8) {
    throw new DiffusionParamError(
      "image",
      `${originalWidth}x${originalHeight}`,
      `The input image is ${originalWidth}×${originalHeight}; image-to-image needs at least 8×8 pixels.`,
      { hint: "Use a larger image, or give --width and --height to scale it up." },
    );
  }
  try {
    const { data, info } = await source
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .resize(targetWidth, targetHeight, { fit: "fill", kernel: "lanczos3" })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: targetWidth,
      height: targetHeight,
      originalWidth,
      originalHeight,
    };
  } catch (cause) {
    throw new InputError(
      `${describe(image, name)} could not be decoded as an image (${(cause as Error).message}).`,
      {
        code: "INPUT_NOT_IMAGE",
        cause,
        hint: "The file may be truncated or damaged; try another copy or format.",
      },
    );
  }
}
