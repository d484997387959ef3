import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors/errors.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { parseParamValue } from "../params/parse-param-value.js";
import { readConfigFile } from "./read-config-file.js";
import { editToml } from "./edit-toml.js";
import { parseConfigKey } from "./parse-config-key.js";
import { parseConfigValue } from "./parse-config-value.js";

/** Parameters of {@link setConfigValue}. */
export interface SetConfigValueParams {
  /** The config file to change (created when missing). */
  file: string;
  /** `section.name` (`defaults.device`, `t2i.steps`, `aliases.fast`). */
  key: string;
  /**
   * New value. Text is converted by the key's type (`"true"` → true for booleans); for task
   * parameters it is typed like a `--` parameter. `undefined` removes the key.
   */
  value: unknown;
}

/** What {@link setConfigValue} did. */
export interface SetConfigValueResult {
  file: string;
  /** Canonical key written. */
  key: string;
  /** Value written, after conversion (`undefined` when removed). */
  value: unknown;
  /** Comments and layout were kept (false when the file had to be re-serialised). */
  preserved: boolean;
}

/**
 * Changes one key in a TOML config file, atomically, keeping its comments and layout where it
 * can. The file is checked first: a malformed file is reported, never overwritten.
 * @throws {ConfigError} for unknown keys, wrong types, or a malformed file.
 */
export async function setConfigValue({
  file,
  key,
  value,
}: SetConfigValueParams): Promise<SetConfigValueResult> {
  const parsed = parseConfigKey(key);
  let typed: unknown = value;
  if (value !== undefined) {
    if (parsed.spec) typed = parseConfigValue(parsed.spec, value, "config set");
    else if (parsed.kind === "alias" || parsed.name === "model" || parsed.name === "revision") {
      if (typeof value !== "string" || value.trim() === "") {
        throw new ConfigError(`'${parsed.key}' must be a non-empty string.`, { exitCode: 2 });
      }
      typed = value.trim();
    } else if (typeof value === "string") typed = parseParamValue(value);
  }
  readConfigFile(file); // throws on a malformed file: never replace what we could not read
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const edited = editToml(text, parsed.section, parsed.name, typed);
  if (edited.text !== text) await writeFileAtomic({ path: file, data: edited.text });
  return { file, key: parsed.key, value: typed, preserved: edited.preserved };
}
