import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway user: HOME, hftool home, HF cache and a working folder, all under one temp dir. */
export interface TempHome {
  root: string;
  home: string;
  cwd: string;
  /** Environment with this user's folders and none of the caller's HF_*, HFTOOL_* or CI settings. */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** Environment variables that would leak the developer's own setup into a test. */
const LEAKY = /^(HF_|HFTOOL_|HUGGING|XDG_|NO_COLOR$|FORCE_COLOR$|VISUAL$|EDITOR$)/;

export function createTempHome(prefix = "hftool-test-"): TempHome {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const home = join(root, "home");
  const cwd = join(root, "work");
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!LEAKY.test(key)) env[key] = value;
  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    NO_COLOR: "1",
    HF_HUB_OFFLINE: undefined,
  });
  delete env.HF_HUB_OFFLINE;
  return { root, home, cwd, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
