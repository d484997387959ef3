/**
 * Splits text into sentences of at most `maxChars` characters (at `.`, `!`, `?`, `;` and line
 * breaks, then at commas or spaces when a sentence is still too long), so speech models get
 * inputs of the length they were trained on.
 */
export function splitSentences(text: string, maxChars = 300): string[] {
  const sentences = text
    .replace(/\r\n?/g, "\n")
    .split(/(?<=[.!?;…。！？])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s !== "");
  const out: string[] = [];
  for (const sentence of sentences) {
    let rest = sentence;
    while (rest.length > maxChars) {
      const window = rest.slice(0, maxChars);
      const cut = Math.max(window.lastIndexOf(", "), window.lastIndexOf(" "));
      const at = cut > maxChars / 3 ? cut + 1 : maxChars;
      out.push(rest.slice(0, at).trim());
      rest = rest.slice(at).trim();
    }
    if (rest) out.push(rest);
  }
  return out;
}
