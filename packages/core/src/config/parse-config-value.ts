import { ConfigError } from "../errors/errors.js";
import type { ConfigKeySpec } from "./config-schema.js";

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

/**
 * Checks (and, for text from env vars or `config set`, converts) one value against its key's
 * type and choices.
 * @throws {ConfigError} naming the key, the value and what it accepts.
 */
export function parseConfigValue(spec: ConfigKeySpec, raw: unknown, origin: string): unknown {
  const fail = (expected: string): never => {
    throw new ConfigError(`${origin}: '${spec.key}' must be ${expected}, got ${JSON.stringify(raw)}.`, {
      hint: `Fix the value of ${spec.key}; 'hftool config show' lists every key.`,
    });
  };
  let value: unknown = raw;
  switch (spec.type) {
    case "boolean":
      if (typeof raw === "string") {
        const lower = raw.trim().toLowerCase();
        if (TRUE.has(lower)) value = true;
        else if (FALSE.has(lower)) value = false;
        else fail("true or false");
      } else if (typeof raw !== "boolean") fail("true or false");
      break;
    case "integer":
      if (typeof raw === "string" && /^-?\d+$/.test(raw.trim())) value = Number(raw.trim());
      else if (typeof raw === "bigint") value = Number(raw);
      if (typeof value !== "number" || !Number.isInteger(value)) fail("a whole number");
      break;
    case "string":
    case "path":
      if (typeof raw !== "string" || raw.trim() === "") fail("a non-empty string");
      value = (raw as string).trim();
      break;
  }
  if (spec.choices && !spec.choices.includes(String(value))) fail(`one of ${spec.choices.join(", ")}`);
  return value;
}
