import { UsageError } from "@hftool/core";

/**
 * Readers for the vision tasks' `--` parameters: each checks its value and says what is wrong
 * and what would be right, naming the parameter as it is typed (`--threshold`).
 */

/** A number in [min, max], or `fallback` when unset. */
export function numberParam(
  params: Readonly<Record<string, unknown>>,
  name: string,
  fallback: number,
  { min = -Infinity, max = Infinity }: { min?: number; max?: number } = {},
): number {
  const value = params[name];
  if (value === undefined || value === null) return fallback;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max) {
    const range =
      Number.isFinite(min) && Number.isFinite(max)
        ? ` between ${min} and ${max}`
        : min > -Infinity
          ? ` of at least ${min}`
          : "";
    throw new UsageError(`--${name} must be a number${range}, not ${JSON.stringify(value)}.`, {
      hint: `Example: -- --${name} ${fallback}`,
    });
  }
  return n;
}

/** A whole number of at least `min`, or `fallback` when unset. */
export function integerParam(
  params: Readonly<Record<string, unknown>>,
  name: string,
  fallback: number,
  min = 1,
): number {
  const n = numberParam(params, name, fallback, { min });
  if (!Number.isInteger(n)) {
    throw new UsageError(`--${name} must be a whole number, not ${JSON.stringify(params[name])}.`, {
      hint: `Example: -- --${name} ${fallback}`,
    });
  }
  return n;
}

/** A boolean (`--name`, `--no-name`, `true`/`false`), or `fallback` when unset. */
export function booleanParam(
  params: Readonly<Record<string, unknown>>,
  name: string,
  fallback: boolean,
): boolean {
  const value = params[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === 1) return true;
  if (value === "false" || value === 0) return false;
  throw new UsageError(`--${name} is a switch (true or false), not ${JSON.stringify(value)}.`, {
    hint: `Write -- --${name} or -- --no-${name.replace(/_/g, "-")}`,
  });
}

/** One of `choices`, or `fallback` when unset. */
export function choiceParam<T extends string>(
  params: Readonly<Record<string, unknown>>,
  name: string,
  choices: readonly T[],
  fallback: T | undefined,
): T | undefined {
  const value = params[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${choices.join(", ")}, not ${JSON.stringify(value)}.`);
}

/**
 * Candidate labels from `--labels cat,dog` (a comma-separated string) or a list: trimmed, empty
 * ones dropped, duplicates removed, order kept.
 */
export function labelsParam(params: Readonly<Record<string, unknown>>, name = "labels"): string[] {
  const value = params[name];
  const raw = Array.isArray(value)
    ? value.flatMap((v) => String(v).split(","))
    : typeof value === "string"
      ? value.split(",")
      : [];
  if (value !== undefined && !Array.isArray(value) && typeof value !== "string") {
    throw new UsageError(`--${name} must be a comma-separated list, not ${JSON.stringify(value)}.`, {
      hint: 'Example: --labels "cat,dog,a red car"',
    });
  }
  return [...new Set(raw.map((label) => label.trim()).filter(Boolean))];
}
