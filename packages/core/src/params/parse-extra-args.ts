import { UsageError } from "../errors/errors.js";
import { parseParamValue } from "./parse-param-value.js";

/**
 * Model parameters written after `--` on the command line:
 * `-- --steps 4 --guidance-scale 0.0 --fast --negative_prompt "blurry"`.
 *
 * - `--name value` and `--name=value`; a name followed by another `--name` (or nothing) is `true`;
 *   `--no-name` is `false`.
 * - Names are snake_case in the result (`guidance-scale` → `guidance_scale`).
 * - Values are typed by {@link parseParamValue}: `1` and `0` stay numbers, negative numbers are values.
 * - A name given twice collects its values in an array (`--stop . --stop !`).
 *
 * @throws {UsageError} for words that are not `--name` or a value (`-x`, stray text).
 */
export function parseExtraArgs(tokens: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    if (name in result) {
      const previous = result[name];
      result[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    } else {
      result[name] = value;
    }
  };
  const isName = (token: string | undefined) => token !== undefined && /^--[A-Za-z_]/.test(token);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isName(token)) {
      const what = /^-[A-Za-z]/.test(token) ? `the short option '${token}'` : `'${token}'`;
      throw new UsageError(`Cannot read ${what} after '--': model parameters are written as --name value.`, {
        hint: "Example: hftool -t t2i -i 'a cat' -- --steps 4 --guidance_scale 0",
      });
    }
    const body = token.slice(2);
    const eq = body.indexOf("=");
    const rawName = eq >= 0 ? body.slice(0, eq) : body;
    const name = rawName.replace(/-/g, "_");
    if (eq >= 0) {
      set(name, parseParamValue(body.slice(eq + 1)));
    } else if (isName(tokens[i + 1]) || i + 1 === tokens.length) {
      if (name.startsWith("no_") && name.length > 3) set(name.slice(3), false);
      else set(name, true);
    } else {
      set(name, parseParamValue(tokens[i + 1]!));
      i++;
    }
  }
  return result;
}
