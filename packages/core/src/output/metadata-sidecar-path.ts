/** What every metadata sidecar's name ends with. */
export const METADATA_SIDECAR_SUFFIX = ".hftool.json";

/**
 * Where an output's metadata lives when the format cannot carry it (everything but PNG):
 * next to it, named `<output file name>.hftool.json` (`talk.srt` → `talk.srt.hftool.json`,
 * `speech.wav` → `speech.wav.hftool.json`). Keeping the whole file name means `talk.srt` and
 * `talk.txt` never share a sidecar, and `.hftool.json` never reads as a JSON copy of the result
 * (the Python tool's `talk.txt.json` and `result.json.json` did).
 */
export function metadataSidecarPath(outputPath: string): string {
  return `${outputPath}${METADATA_SIDECAR_SUFFIX}`;
}
