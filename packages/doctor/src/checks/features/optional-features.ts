import { TASKS } from "@hftool/core";

/** A library some tasks need, and how to tell that it really works. */
export interface OptionalFeature {
  id: string;
  /** What it gives the user ("image codecs"). */
  title: string;
  /** npm package name. */
  package: string;
  /** Tasks that cannot run without it. */
  tasks: readonly string[];
  /** Throws unless the loaded module does real work (decode a tiny file, …). */
  probe(module: unknown): Promise<void>;
}

/** Tasks @hftool/inference runs with its own ONNX Runtime pipelines rather than transformers.js. */
const OWN_PIPELINES = new Set(["text-to-image", "image-to-image", "voice-activity-detection"]);

const available = TASKS.filter((t) => t.status === "available");

/** The default export of a module namespace (a CommonJS module's `module.exports`). */
function defaultExport(module: unknown): unknown {
  const m = module as { default?: unknown };
  return m && typeof m === "object" && "default" in m ? m.default : module;
}

/** A named export, also when a CommonJS module only has it on `module.exports`. */
function named(module: unknown, name: string): unknown {
  const m = module as Record<string, unknown> & { default?: Record<string, unknown> };
  return m?.[name] ?? (m?.default && typeof m.default === "object" ? m.default[name] : undefined);
}

/** A 16-bit mono PCM WAV of eight rising samples at 8 kHz. */
function tinyWav(): Uint8Array {
  const samples = 8;
  const bytes = new DataView(new ArrayBuffer(44 + samples * 2));
  const ascii = (offset: number, text: string) =>
    [...text].forEach((c, i) => bytes.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  bytes.setUint32(4, 36 + samples * 2, true);
  ascii(8, "WAVEfmt ");
  bytes.setUint32(16, 16, true);
  bytes.setUint16(20, 1, true);
  bytes.setUint16(22, 1, true);
  bytes.setUint32(24, 8000, true);
  bytes.setUint32(28, 16000, true);
  bytes.setUint16(32, 2, true);
  bytes.setUint16(34, 16, true);
  ascii(36, "data");
  bytes.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) bytes.setInt16(44 + i * 2, i * 1000, true);
  return new Uint8Array(bytes.buffer);
}

/**
 * The libraries @hftool/inference loads for its tasks. Each probe does a small piece of real work,
 * because a package can install fine and still fail to load its native or WebAssembly part.
 */
export const OPTIONAL_FEATURES: readonly OptionalFeature[] = [
  {
    id: "transformers",
    title: "transformers.js pipelines",
    package: "@huggingface/transformers",
    tasks: available.filter((t) => !OWN_PIPELINES.has(t.name)).map((t) => t.name),
    async probe(module) {
      if (typeof named(module, "pipeline") !== "function" || typeof named(module, "env") !== "object") {
        throw new Error("it loads but has no pipeline() function");
      }
    },
  },
  {
    id: "audio-decode",
    title: "audio decoders (wav, mp3, flac, ogg, opus, aac)",
    package: "audio-decode",
    tasks: available.filter((t) => t.input === "audio").map((t) => t.name),
    async probe(module) {
      const decode = defaultExport(module) as (
        bytes: Uint8Array,
      ) => Promise<{ sampleRate: number; channelData: Float32Array[] }>;
      if (typeof decode !== "function") throw new Error("it loads but exports no decode function");
      const audio = await decode(tinyWav());
      if (audio.sampleRate !== 8000 || audio.channelData?.[0]?.length !== 8) {
        throw new Error("it decoded a test WAV file wrongly");
      }
    },
  },
  {
    id: "resampler",
    title: "audio resampling (libsamplerate)",
    package: "@alexanderolsen/libsamplerate-js",
    tasks: available.filter((t) => t.input === "audio").map((t) => t.name),
    async probe(module) {
      if (typeof named(module, "create") !== "function") {
        throw new Error("it loads but exports no create() function");
      }
    },
  },
  {
    id: "sharp",
    title: "image codecs (sharp: png, jpeg, webp, avif, tiff)",
    package: "sharp",
    tasks: available.filter((t) => t.input === "image" || t.output === "image").map((t) => t.name),
    async probe(module) {
      type Sharp = (input?: unknown) => {
        png(): { toBuffer(): Promise<Uint8Array> };
        metadata(): Promise<{ width?: number; format?: string }>;
      };
      const sharp = defaultExport(module) as Sharp;
      if (typeof sharp !== "function") throw new Error("it loads but exports no function");
      const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: "#ff0000" } })
        .png()
        .toBuffer();
      const meta = await sharp(png).metadata();
      if (meta.format !== "png" || meta.width !== 2)
        throw new Error("it encoded and decoded a test PNG wrongly");
    },
  },
];
