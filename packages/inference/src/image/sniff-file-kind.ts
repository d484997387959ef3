/** What a file is, judged by its first bytes. */
export interface SniffedFileKind {
  /** Broad kind: what a task could take it as. */
  kind: "image" | "audio" | "video" | "text" | "document" | "archive" | "unknown";
  /** Format name (`png`, `jpeg`, `wav`, …), when recognised. */
  format?: string;
  /** For messages: `a PNG image`, `a WAV audio file`, `a text file`. */
  description: string;
}

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

const HEIF_BRANDS: Record<string, string> = {
  avif: "avif",
  avis: "avif",
  heic: "heic",
  heix: "heic",
  hevc: "heic",
  mif1: "heif",
  msf1: "heif",
};

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.length === 0 || head.includes(0)) return false;
  try {
    // streaming: a character cut at the 4 KiB boundary is not an error
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: head.length < bytes.length });
    return true;
  } catch {
    return false;
  }
}

/**
 * Recognises a file from its magic bytes, so a task can say what it was given when that is not
 * what it takes ("talk.wav is a WAV audio file, not an image"). Knows the common image, audio,
 * video, document and archive formats, and tells text from binary.
 */
export function sniffFileKind(bytes: Uint8Array): SniffedFileKind {
  const image = (format: string, name: string): SniffedFileKind => ({
    kind: "image",
    format,
    description: `a ${name} image`,
  });
  const audio = (format: string, name: string): SniffedFileKind => ({
    kind: "audio",
    format,
    description: `a ${name} audio file`,
  });
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image("png", "PNG");
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return image("jpeg", "JPEG");
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return image("gif", "GIF");
  if (ascii(bytes, 0, 4) === "RIFF") {
    const form = ascii(bytes, 8, 4);
    if (form === "WEBP") return image("webp", "WebP");
    if (form === "WAVE") return audio("wav", "WAV");
    if (form === "AVI ") return { kind: "video", format: "avi", description: "an AVI video" };
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return image("tiff", "TIFF");
  }
  if (ascii(bytes, 0, 2) === "BM" && bytes.length > 14) return image("bmp", "BMP");
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) {
    return image("jxl", "JPEG XL");
  }
  if (ascii(bytes, 4, 4) === "ftyp") {
    const brand = ascii(bytes, 8, 4);
    const heif = HEIF_BRANDS[brand];
    if (heif) return image(heif, heif.toUpperCase());
    if (brand.startsWith("M4A") || brand === "M4B ") return audio("m4a", "M4A");
    return { kind: "video", format: "mp4", description: "an MP4/MOV video" };
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3]))
    return { kind: "video", format: "mkv", description: "a Matroska/WebM video" };
  if (
    ascii(bytes, 0, 3) === "ID3" ||
    (bytes[0] === 0xff && bytes[1] !== undefined && (bytes[1] & 0xe0) === 0xe0)
  ) {
    return audio("mp3", "MP3");
  }
  if (ascii(bytes, 0, 4) === "fLaC") return audio("flac", "FLAC");
  if (ascii(bytes, 0, 4) === "OggS") return audio("ogg", "Ogg");
  if (ascii(bytes, 0, 5) === "%PDF-")
    return { kind: "document", format: "pdf", description: "a PDF document" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
    return { kind: "archive", format: "zip", description: "a ZIP archive" };
  if (startsWith(bytes, [0x1f, 0x8b]))
    return { kind: "archive", format: "gzip", description: "a gzip archive" };
  if (looksLikeText(bytes)) {
    const head = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart();
    if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head))
      return image("svg", "SVG");
    if (head.startsWith("{") || head.startsWith("["))
      return { kind: "text", format: "json", description: "a JSON text file" };
    return { kind: "text", format: "text", description: "a text file" };
  }
  return { kind: "unknown", description: "a file of unknown type" };
}
