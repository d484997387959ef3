import { UsageError } from "@hftool/core";

// Task parameters arrive from three places (`-- --name value`, config task tables, registry
// entries), typed by guesswork: "5" may be a number, "a,b" a string. These readers accept what a
// person would mean and say clearly what is wrong otherwise.

type Params = Readonly<Record<string, unknown>>;

/** A list of strings: an array, or one comma-separated string (`sports,politics`). Empty items are dropped. */
export function readList(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((item) =>
    typeof item === "string" ? item.split(",") : [String(item)],
  );
  const cleaned = items.map((s) => s.trim()).filter((s) => s !== "");
  return [...new Set(cleaned)];
}

/** Strings as given (no comma splitting): stop strings may contain commas. `\n` and `\t` are unescaped. */
export function readStrings(params: Params, name: string): string[] {
  const value = params[name];
  if (value === undefined || value === null || value === false) return [];
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((item) =>
      String(item).replace(/\\([nt\\])/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\")),
    )
    .filter((s) => s !== "");
}

/** A number within bounds; `integer` rejects fractions. */
export function readNumber(
  params: Params,
  name: string,
  bounds: { min?: number; max?: number; integer?: boolean; minExclusive?: boolean } = {},
): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  const kind = bounds.integer ? "a whole number" : "a number";
  const range =
    bounds.min !== undefined && bounds.max !== undefined
      ? ` from ${bounds.min} to ${bounds.max}`
      : bounds.min !== undefined
        ? bounds.minExclusive
          ? ` above ${bounds.min}`
          : ` of at least ${bounds.min}`
        : "";
  const bad = () =>
    new UsageError(`--${name} must be ${kind}${range}, not ${JSON.stringify(value)}.`, {
      hint: `Example: -- --${name} ${bounds.min !== undefined && bounds.max !== undefined ? bounds.max : bounds.integer ? 64 : 0.7}`,
    });
  if (typeof n !== "number" || !Number.isFinite(n)) throw bad();
  if (bounds.integer && !Number.isInteger(n)) throw bad();
  if (bounds.min !== undefined && (bounds.minExclusive ? n <= bounds.min : n < bounds.min)) throw bad();
  if (bounds.max !== undefined && n > bounds.max) throw bad();
  return n;
}

/** A yes/no value: booleans, or `true`/`false`/`yes`/`no`/`1`/`0`. */
export function readBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (["true", "yes", "1", "on"].includes(text)) return true;
    if (["false", "no", "0", "off"].includes(text)) return false;
  }
  throw new UsageError(`--${name} must be true or false, not ${JSON.stringify(value)}.`, {
    hint: `Write --${name} for true, --no-${name} for false.`,
  });
}

/** One of a closed set of words. */
export function readChoice<T extends string>(
  params: Params,
  name: string,
  choices: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): T | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim().toLowerCase();
  if ((choices as readonly string[]).includes(text)) return text as T;
  if (aliases[text]) return aliases[text];
  throw new UsageError(`--${name} must be one of ${choices.join(", ")}, not ${JSON.stringify(value)}.`);
}

/** A string, trimmed; empty means absent. */
export function readString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === false) return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

/** `top_k`: a count, or `null` (every candidate) for 0 or `all`. */
export function readTopK(params: Params, fallback: number): number | null {
  if (params.top_k === "all") return null;
  const k = readNumber(params, "top_k", { min: 0, integer: true }) ?? fallback;
  return k === 0 ? null : k;
}
