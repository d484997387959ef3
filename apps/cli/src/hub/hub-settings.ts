import type { CommandContext } from "../context.js";

/** Where the cache is and how to reach the Hub, from config (flags > env > config files > defaults). */
export interface HubSettings {
  cacheDir: string;
  endpoint: string;
  offline: boolean;
  maxWorkers: number;
  env: NodeJS.ProcessEnv;
}

export function hubSettings(context: CommandContext): HubSettings {
  const config = context.config();
  return {
    cacheDir: config.paths.modelsDir,
    endpoint: config.hub.endpoint,
    offline: config.hub.offline,
    maxWorkers: config.download.maxWorkers,
    env: context.env,
  };
}
