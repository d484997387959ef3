/** What a file whose first bytes are these is, when it is not text (`a PNG image`), else undefined. */
export function describeBinaryFile(head: Uint8Array): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const ascii = (at: number, text: string) => [...text].every((c, i) => head[at + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "a PNG image";
  if (starts(0xff, 0xd8, 0xff)) return "a JPEG image";
  if (ascii(0, "GIF8")) return "a GIF image";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "a WebP image";
  if (ascii(0, "RIFF") && ascii(8, "WAVE")) return "a WAV recording";
  if (ascii(0, "ID3") || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return "an MP3 recording";
  if (ascii(0, "fLaC")) return "a FLAC recording";
  if (ascii(0, "OggS")) return "an Ogg recording";
  if (ascii(4, "ftyp")) return "an MP4/M4A file";
  if (ascii(0, "%PDF")) return "a PDF document";
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "a ZIP archive (or an Office document)";
  if (head.includes(0)) return "a binary file";
  // text in any encoding but UTF-8 (or cut mid-character at the end of the head) is still text
  // to a person; only control characters other than white space make it binary
  let control = 0;
  for (const b of head) if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) control++;
  return control > head.length / 100 + 1 ? "a binary file" : undefined;
}
