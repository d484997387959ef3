import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { getHftoolHome } from "../paths/get-hftool-home.js";

/** Which layer a config file belongs to. */
export type ConfigScope = "user" | "project";

/** A config file hftool reads (or would read, when `exists` is false). */
export interface ConfigFileInfo {
  scope: ConfigScope;
  path: string;
  exists: boolean;
}

/** Parameters of {@link findConfigFiles}. */
export interface FindConfigFilesParams {
  /** Folder to start the project search from. @default process.cwd() */
  cwd?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default os.homedir() */
  homeDir?: string;
}

/**
 * The user config (`~/.hftool/config.toml`, or under `HFTOOL_HOME`) and the project config: the
 * nearest `.hftool/config.toml` in the working folder or a parent, as git finds `.git`. When none
 * exists, the project entry points at `./.hftool/config.toml` (where `config init --project`
 * writes).
 */
export function findConfigFiles({
  cwd = process.cwd(),
  env = process.env,
  homeDir = homedir(),
}: FindConfigFilesParams = {}): ConfigFileInfo[] {
  const userPath = join(getHftoolHome({ env, homeDir }), "config.toml");
  let projectPath: string | undefined;
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, ".hftool", "config.toml");
    if (candidate !== userPath && existsSync(candidate)) {
      projectPath = candidate;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  projectPath ??= join(resolve(cwd), ".hftool", "config.toml");
  return [
    { scope: "user", path: userPath, exists: existsSync(userPath) },
    { scope: "project", path: projectPath, exists: projectPath !== userPath && existsSync(projectPath) },
  ];
}
