import type * as Dotenv from "dotenv";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { lazyRequire } from "../internal/lazy-require.js";
import { getHftoolHome } from "../paths/get-hftool-home.js";

const dotenv = lazyRequire<typeof Dotenv>("dotenv");

/** Parameters of {@link loadDotenv}. */
export interface LoadDotenvParams {
  /** Working folder whose `.env` is read first. @default process.cwd() */
  cwd?: string;
  /** Environment to fill in; existing variables are never overridden. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The user's home folder. @default os.homedir() */
  homeDir?: string;
}

/** What {@link loadDotenv} did. */
export interface LoadDotenvResult {
  /** `.env` files that existed and were read, in order. */
  files: string[];
  /** Variables that were set from them. */
  applied: string[];
}

/**
 * Reads `.env` in the working folder, then `.env` in hftool's home (`HFTOOL_HOME` may itself come
 * from the first file), and sets each variable that is not already set. Real environment
 * variables always win, and the first file wins over the second.
 */
export function loadDotenv({
  cwd = process.cwd(),
  env = process.env,
  homeDir = homedir(),
}: LoadDotenvParams = {}): LoadDotenvResult {
  const result: LoadDotenvResult = { files: [], applied: [] };
  const apply = (file: string) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return;
    }
    result.files.push(file);
    for (const [key, value] of Object.entries(dotenv().parse(text))) {
      if (env[key] === undefined) {
        env[key] = value;
        result.applied.push(key);
      }
    }
  };
  apply(join(cwd, ".env"));
  const homeEnv = join(getHftoolHome({ env, homeDir }), ".env");
  if (homeEnv !== join(cwd, ".env")) apply(homeEnv);
  return result;
}
