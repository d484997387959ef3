import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { isCI } from "../context.js";

/** Parameters of {@link shouldOpenOutput}. */
export interface ShouldOpenOutputParams {
  /** `--open` (true), `--no-open` (false), or neither. */
  flag: boolean | undefined;
  /** Config `[defaults] auto_open` / `HFTOOL_AUTO_OPEN`. */
  autoOpen: boolean;
  /** stdin and stdout are terminals. */
  interactive: boolean;
  /** What the output is: media opens by default, text and data only with `--open`. */
  outputKind: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Whether to open an output with the system's viewer: never in CI or with `--no-open`; with
 * `--open` always; otherwise only media (audio, images, video) on a terminal when `auto_open` is on.
 */
export function shouldOpenOutput(params: ShouldOpenOutputParams): boolean {
  if (isCI(params.env) || params.flag === false) return false;
  if (params.flag === true) return true;
  return params.autoOpen && params.interactive && ["audio", "image", "video"].includes(params.outputKind);
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

/**
 * Opens a file with the platform's opener (`open` on macOS, `start` on Windows, `xdg-open` or a
 * desktop's own opener on Linux), detached so hftool exits at once. Resolves to the opener used,
 * or `undefined` when there is none.
 */
export async function openOutput(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  let command: string;
  let args: string[];
  if (process.platform === "darwin") {
    command = "open";
    args = [path];
  } else if (process.platform === "win32") {
    command = "cmd";
    args = ["/c", "start", '""', `"${path}"`];
  } else {
    const opener = ["xdg-open", "gio", "gnome-open", "kde-open"].find((name) => onPath(name, env));
    if (!opener) return undefined;
    command = opener;
    args = opener === "gio" ? ["open", path] : [path];
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      detached: true,
      stdio: "ignore",
      env,
      windowsVerbatimArguments: process.platform === "win32",
    });
    child.once("error", () => resolve(undefined));
    child.once("spawn", () => {
      child.unref();
      resolve(command);
    });
  });
}
