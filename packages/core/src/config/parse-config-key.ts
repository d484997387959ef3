import { ConfigError } from "../errors/errors.js";
import { suggestClosest } from "../suggest/suggest-closest.js";
import { findTask } from "../tasks/resolve-task.js";
import { TASKS } from "../tasks/task-registry.js";
import { CONFIG_KEYS, FIXED_SECTIONS, type ConfigKeySpec } from "./config-schema.js";

/** A config key split into its table and name, with what is known about it. */
export interface ParsedConfigKey {
  /** Canonical `section.name` (task aliases become task names). */
  key: string;
  section: string;
  name: string;
  /** The documented key, for `[defaults]`, `[paths]`, `[hub]`, `[download]`. */
  spec?: ConfigKeySpec;
  kind: "setting" | "alias" | "task";
}

/**
 * Checks a `section.name` key as typed by a user (`defaults.device`, `t2i.steps`, `aliases.fast`).
 * @throws {ConfigError} for unknown sections and unknown fixed keys, with suggestions.
 */
export function parseConfigKey(input: string): ParsedConfigKey {
  const dot = input.indexOf(".");
  if (dot <= 0 || dot === input.length - 1) {
    const near = suggestClosest({ input, candidates: CONFIG_KEYS.map((s) => s.key.split(".")[1]!) });
    throw new ConfigError(`'${input}' is not a config key: keys look like section.name (defaults.device).`, {
      hint: near.length
        ? `Did you mean '${CONFIG_KEYS.find((s) => s.key.endsWith(`.${near[0]}`))!.key}'?`
        : "Run 'hftool config show' to list keys.",
      exitCode: 2,
    });
  }
  const section = input.slice(0, dot);
  const name = input.slice(dot + 1);
  if (section === "aliases") return { key: input, section, name, kind: "alias" };
  if ((FIXED_SECTIONS as readonly string[]).includes(section)) {
    const spec = CONFIG_KEYS.find((s) => s.key === input);
    if (!spec) {
      const near = suggestClosest({ input, candidates: CONFIG_KEYS.map((s) => s.key) });
      throw new ConfigError(
        `Unknown config key '${input}'.${near.length ? ` Did you mean '${near[0]}'?` : ""}`,
        {
          hint: "Run 'hftool config show' to list keys.",
          exitCode: 2,
        },
      );
    }
    return { key: input, section, name, spec, kind: "setting" };
  }
  const task = findTask(section);
  if (!task) {
    const near = suggestClosest({
      input: section,
      candidates: [...FIXED_SECTIONS, ...TASKS.map((t) => t.name)],
    });
    throw new ConfigError(
      `Unknown config section '${section}'.${near.length ? ` Did you mean '${near[0]}'?` : ""}`,
      {
        hint: "Sections are defaults, paths, hub, download, aliases, or a task name ('hftool tasks').",
        exitCode: 2,
      },
    );
  }
  const spec =
    name === "device" || name === "dtype" ? CONFIG_KEYS.find((s) => s.key === `defaults.${name}`) : undefined;
  return { key: `${task.name}.${name}`, section: task.name, name, ...(spec ? { spec } : {}), kind: "task" };
}
