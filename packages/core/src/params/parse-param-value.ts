/**
 * Turns a command-line word into a typed value: `true`/`false` → booleans, integers and decimals
 * → numbers (`1` and `0` stay numbers), JSON arrays and objects → values, anything else stays
 * text. Quote a number to keep it text: `--name '"007"'`.
 */
export function parseParamValue(raw: string): unknown {
  const text = raw.trim();
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^[-+]?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(text)) return Number(text);
  if (
    (text.startsWith("[") && text.endsWith("]")) ||
    (text.startsWith("{") && text.endsWith("}")) ||
    (text.startsWith('"') && text.endsWith('"') && text.length >= 2)
  ) {
    try {
      return JSON.parse(text);
    } catch {
      return raw;
    }
  }
  return raw;
}
