/** A span of characters, end exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Lower-cased, accents removed, one character per original UTF-16 unit where possible. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const base = text[i]!.normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
    for (const char of base) {
      folded += char;
      origin.push(i);
    }
  }
  return { folded, origin };
}

let lastFold: { text: string; folded: string; origin: number[] } | undefined;

/**
 * Finds what a tokenizer decoded (`new york`, `o ' neil`, `##s`) in the original text
 * (`New York`, `O'Neil`), ignoring case, accents and spacing, from `from` on. Uncased models
 * lower-case and strip accents, and WordPiece decoding spaces out punctuation, so an exact
 * search would miss most entities and answers.
 */
export function findInText(text: string, needle: string, from = 0): TextSpan | undefined {
  const wanted = fold(needle.replace(/^##/, "")).folded.replace(/\s+/g, "");
  if (wanted === "") return undefined;
  // entities of one text are looked up one after another: fold it once
  if (lastFold?.text !== text) lastFold = { text, ...fold(text) };
  const { folded, origin } = lastFold;
  const pattern = new RegExp(
    [...wanted].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*"),
    "g",
  );
  const start = origin.findIndex((o) => o >= from);
  if (start < 0) return undefined;
  pattern.lastIndex = start;
  const match = pattern.exec(folded);
  if (!match) return undefined;
  const last = match.index + match[0].length - 1;
  return { start: origin[match.index]!, end: origin[last]! + 1 };
}
