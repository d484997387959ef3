import type * as SmolToml from "smol-toml";
import { isDeepStrictEqual } from "node:util";
import { lazyRequire } from "../internal/lazy-require.js";

const toml = lazyRequire<typeof SmolToml>("smol-toml");

/**
 * Sets or removes `[section] name` in TOML text, changing only the lines involved so comments and
 * layout survive. When the text is too unusual for a line edit (multi-line values, inline
 * tables, dotted keys), it is re-serialised instead: `preserved` tells which happened.
 * Either way the result is checked by parsing it back.
 */
export function editToml(
  text: string,
  section: string,
  name: string,
  value: unknown,
): { text: string; preserved: boolean } {
  const { parse, stringify } = toml();
  const before = toPlain(text.trim() === "" ? {} : parse(text));
  const expected = toPlain(before) as Record<string, Record<string, unknown>>;
  if (value === undefined) {
    if (expected[section]) {
      delete expected[section][name];
    }
  } else {
    expected[section] = { ...(expected[section] ?? {}), [name]: value };
  }

  const edited = lineEdit(text, section, name, value);
  if (edited !== undefined) {
    try {
      if (isDeepStrictEqual(toPlain(parse(edited)), expected)) return { text: edited, preserved: true };
    } catch {
      // fall through to re-serialising
    }
  }
  return { text: stringify(expected), preserved: false };
}

const HEADER = /^\s*\[\s*("?)([^\]"]+)\1\s*\]\s*(#.*)?$/;

function keyPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^(\\s*)("${escaped}"|'${escaped}'|${escaped})(\\s*=\\s*)`);
}

function lineEdit(text: string, section: string, name: string, value: unknown): string | undefined {
  const { stringify } = toml();
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.length > 0 ? text.split(/\r?\n/) : [];
  let current: string | undefined;
  let sectionStart = -1;
  let sectionEnd = lines.length;
  let keyLine = -1;
  const pattern = keyPattern(name);
  for (let i = 0; i < lines.length; i++) {
    const header = HEADER.exec(lines[i]!);
    if (header) {
      if (current === section) {
        sectionEnd = i;
        break;
      }
      current = header[2]!.trim();
      if (current === section) sectionStart = i;
      continue;
    }
    if (current === section && pattern.test(lines[i]!)) keyLine = i;
  }
  const assignment = (prefix: string) =>
    prefix +
    stringify({ v: value })
      .trim()
      .replace(/^v\s*=\s*/, "");

  if (value === undefined) {
    if (keyLine < 0) return text;
    lines.splice(keyLine, 1);
    return lines.join(newline);
  }
  if (keyLine >= 0) {
    const match = pattern.exec(lines[keyLine]!)!;
    const rest = lines[keyLine]!.slice(match[0].length);
    const comment = /\s+#[^"']*$/.exec(rest)?.[0] ?? "";
    lines[keyLine] = assignment(match[0]) + comment;
    return lines.join(newline);
  }
  const line = assignment(`${/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)} = `);
  if (sectionStart >= 0) {
    let insertAt = sectionEnd;
    while (insertAt - 1 > sectionStart && lines[insertAt - 1]!.trim() === "") insertAt--;
    lines.splice(insertAt, 0, line);
    return lines.join(newline);
  }
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const header = /^[A-Za-z0-9_-]+$/.test(section) ? `[${section}]` : `[${JSON.stringify(section)}]`;
  if (lines.length > 0) lines.push("");
  lines.push(header, line, "");
  return lines.join(newline);
}

function toPlain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v))) as Record<
    string,
    unknown
  >;
}
