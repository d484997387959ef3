import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { join } from "node:path";

/** Parameters of {@link findExecutable}. */
export interface FindExecutableParams {
  /** Program name without folder (`ffmpeg`). */
  name: string;
  /** Environment whose PATH (and PATHEXT on Windows) is searched. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** @default process.platform */
  platform?: NodeJS.Platform;
}

/** The absolute path the shell would run for `name`, as `which` finds it, or `undefined`. */
export async function findExecutable({
  name,
  env = process.env,
  platform = process.platform,
}: FindExecutableParams): Promise<string | undefined> {
  const windows = platform === "win32";
  const path = (windows ? (env.Path ?? env.PATH) : env.PATH) ?? "";
  const extensions = windows
    ? ["", ...(env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean)]
    : [""];
  for (const dir of path.split(windows ? ";" : ":")) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = join(dir, name + extension);
      try {
        if (!(await stat(candidate)).isFile()) continue;
        if (!windows) await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here: keep looking, as the shell does.
      }
    }
  }
  return undefined;
}
