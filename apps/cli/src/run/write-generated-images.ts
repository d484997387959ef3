import { existsSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import {
  InputError,
  writeOutputFile,
  type OutputMetadata,
  type ResolvedOutputPath,
  type WriteOutputFileResult,
} from "@hftool/core";
import type { GeneratedPng } from "@hftool/inference";
import type { CommandContext } from "../context.js";
import { generationPngText } from "./generation-png-text.js";

/** Parameters of {@link writeGeneratedImages}. */
export interface WriteGeneratedImagesParams {
  images: readonly GeneratedPng[];
  /** What the generation ran with (`ImageResult.generation`). */
  generation: Readonly<Record<string, unknown>>;
  target: ResolvedOutputPath;
  /** Metadata shared by every image; each gets its own seed. Omitted: none (`--no-metadata`). */
  metadata?: OutputMetadata;
  /** How to name the model in the `parameters` chunk. */
  model: string;
  /** Files the run read, which an output must never replace. */
  inputPaths: readonly string[];
  /** Turns each PNG into the output's format (JPEG, WebP). @default the PNG as it is */
  encode?: (png: Uint8Array) => Promise<Uint8Array>;
  context: CommandContext;
}

/**
 * Where each image of a run goes: the output path itself for one image; for several,
 * `name-1.png`, `name-2.png`, … beside it. An automatic name moves on (`…-2-1.png`) rather than
 * replace a file; a name the user chose replaces what is there, with a warning.
 */
export function generatedImagePaths(target: ResolvedOutputPath, count: number): string[] {
  if (count <= 1) return [target.path];
  const extension = extname(target.path);
  const stem = join(dirname(target.path), basename(target.path, extension));
  const numbered = (base: string) => Array.from({ length: count }, (_, k) => `${base}-${k + 1}${extension}`);
  if (!target.automatic) return numbered(stem);
  for (let n = 1; ; n++) {
    const paths = numbered(n === 1 ? stem : `${stem}-${n}`);
    if (!paths.some((p) => existsSync(p))) return paths;
  }
}

/**
 * Writes the images of a text-to-image or image-to-image run, each atomically with its metadata
 * in PNG text chunks: hftool's JSON (with that image's own seed, so any one can be made again
 * alone), `Software`, `Model`, `Seed`, `Description` and `parameters`. A JPEG or WebP gets the
 * JSON in a `.hftool.json` sidecar instead.
 *
 * @throws {InputError} when a numbered name is one of the run's inputs.
 */
export async function writeGeneratedImages(
  params: WriteGeneratedImagesParams,
): Promise<WriteOutputFileResult[]> {
  const { images, generation, target, metadata, context } = params;
  const paths = generatedImagePaths(target, images.length);
  const inputs = params.inputPaths.map((p) => resolve(p));
  for (const path of paths) {
    if (inputs.includes(resolve(path))) {
      throw new InputError(`The output ${path} is the input file: writing it would destroy the input.`, {
        code: "OUTPUT_IS_INPUT",
        hint: "Choose another -o, or leave -o out for an automatic name.",
        details: { path },
      });
    }
    if (paths.length > 1 && !target.automatic && existsSync(path) && context.args.yes !== true) {
      context.out.warn(`Replacing ${path}.`);
    }
  }
  const written: WriteOutputFileResult[] = [];
  for (const [index, image] of images.entries()) {
    const seed = image.seed;
    const own = metadata
      ? {
          ...metadata,
          params: { ...metadata.params, ...(seed !== undefined ? { seed } : {}) },
          ...(seed !== undefined ? { seed } : {}),
        }
      : undefined;
    written.push(
      await writeOutputFile({
        path: paths[index]!,
        data: params.encode ? await params.encode(image.png) : image.png,
        ...(own
          ? {
              metadata: own,
              pngText: generationPngText({
                generation,
                seed,
                model: params.model,
                hftoolVersion: own.hftool_version,
              }),
            }
          : {}),
      }),
    );
  }
  return written;
}
