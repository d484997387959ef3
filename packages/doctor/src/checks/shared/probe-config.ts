import { loadConfig, type HftoolConfig } from "@hftool/core";
import type { CheckContext } from "../../types.js";

/** The effective configuration, or why it could not be loaded. */
export type ConfigProbe = { config: HftoolConfig; error?: undefined } | { config?: undefined; error: Error };

/**
 * Loads hftool's configuration once per run for every check that needs a path or the Hub
 * endpoint. A broken config file is the config check's finding; the others fall back to defaults.
 */
export function probeConfig({ environment, shared }: CheckContext): Promise<ConfigProbe> {
  return shared("config", async () => {
    try {
      return {
        config: loadConfig({
          cwd: environment.cwd,
          env: environment.env as NodeJS.ProcessEnv,
          homeDir: environment.homeDir,
        }),
      };
    } catch (error) {
      return { error: error as Error };
    }
  });
}
