import type * as SmolToml from "smol-toml";
import { readFileSync, statSync } from "node:fs";
import { ConfigError } from "../errors/errors.js";
import { lazyRequire } from "../internal/lazy-require.js";

const toml = lazyRequire<typeof SmolToml>("smol-toml");

/** Largest config file hftool reads; anything bigger is surely not a config file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads and parses one TOML config file. Returns `undefined` when it does not exist.
 * @throws {ConfigError} for unreadable, oversized or malformed files, with line and column.
 */
export function readConfigFile(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError(`Config file ${path} is ${size} bytes; the limit is ${MAX_CONFIG_BYTES}.`, {
        file: path,
        hint: "A config file holds settings only; move anything else out of it.",
      });
    }
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`, {
      file: path,
      cause: error,
      hint: "Check the file's permissions.",
    });
  }
  try {
    return normalise(toml().parse(text)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof toml().TomlError) {
      const reason = error.message.split("\n")[0]!.replace(/^Invalid TOML document:\s*/, "");
      throw new ConfigError(
        `Config file ${path} is not valid TOML: ${reason} (line ${error.line}, column ${error.column}).`,
        {
          file: path,
          line: error.line,
          column: error.column,
          cause: error,
          details: { excerpt: error.codeblock },
          hint: `Fix line ${error.line} of ${path}, or run 'hftool config edit'.`,
        },
      );
    }
    throw error;
  }
}

/** Plain objects and JS values instead of null-prototype tables and TOML dates. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v);
    return out;
  }
  return value;
}
