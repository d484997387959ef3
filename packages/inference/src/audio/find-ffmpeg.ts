import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/** Parameters of {@link findFfmpeg}. */
export interface FindFfmpegParams {
  /** Environment: `HFTOOL_FFMPEG` (a path, or `0`/`false` to never use ffmpeg), `FFMPEG_PATH`, `PATH`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default process.platform */
  platform?: NodeJS.Platform;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The ffmpeg executable, if there is one: `HFTOOL_FFMPEG` or `FFMPEG_PATH` when set, else the
 * first `ffmpeg` on `PATH`. hftool decodes WAV, MP3, FLAC, Ogg/Opus, AAC/M4A, AIFF and more in
 * process; ffmpeg, when present, reads everything else (video files, AMR, AU, …).
 */
export function findFfmpeg({ env = process.env, platform = process.platform }: FindFfmpegParams = {}):
  string | undefined {
  const forced = env.HFTOOL_FFMPEG?.trim();
  if (forced && ["0", "false", "no", "off"].includes(forced.toLowerCase())) return undefined;
  for (const explicit of [forced, env.FFMPEG_PATH?.trim()]) {
    if (explicit && isAbsolute(explicit)) return isExecutable(explicit) ? explicit : undefined;
  }
  const names = platform === "win32" ? ["ffmpeg.exe", "ffmpeg"] : ["ffmpeg"];
  for (const dir of (env.PATH ?? env.Path ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
