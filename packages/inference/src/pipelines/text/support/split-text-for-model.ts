/** A piece of a longer text and where it starts. */
export interface TextPiece {
  start: number;
  text: string;
}

/** Parameters of {@link splitTextForModel}. */
export interface SplitTextForModelParams {
  text: string;
  /** Most tokens a piece may have. */
  maxTokens: number;
  /** Tokens of a piece of text (without special tokens). */
  countTokens: (text: string) => number;
}

/** Sentences (or lines), each with its trailing white space, and where they start. */
function sentences(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  const pattern = /[^.!?\n]*(?:[.!?]+|\n+|$)\s*/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) && match[0] !== "") pieces.push({ start: match.index, text: match[0] });
  return pieces;
}

function words(piece: TextPiece): TextPiece[] {
  const out: TextPiece[] = [];
  const pattern = /\S+\s*/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(piece.text))) out.push({ start: piece.start + match.index, text: match[0] });
  return out;
}

/**
 * Cuts a text that is too long for a model into pieces that fit, at sentence ends where it can
 * and between words where a sentence alone is too long, so no entity or answer is lost to
 * truncation. A text that fits is one piece.
 */
export function splitTextForModel({ text, maxTokens, countTokens }: SplitTextForModelParams): TextPiece[] {
  if (!Number.isFinite(maxTokens) || countTokens(text) <= maxTokens) return [{ start: 0, text }];
  const units = sentences(text)
    .flatMap((s) => (countTokens(s.text) > maxTokens ? words(s) : [s]))
    .map((unit) => ({ ...unit, tokens: countTokens(unit.text) }));
  // token counts of whole words and sentences add up (tokenizers split at white space first)
  const pieces: TextPiece[] = [];
  let current: (TextPiece & { tokens: number }) | undefined;
  for (const unit of units) {
    if (current && current.tokens + unit.tokens <= maxTokens) {
      current.text += unit.text;
      current.tokens += unit.tokens;
    } else {
      if (current) pieces.push({ start: current.start, text: current.text });
      current = { start: unit.start, text: unit.text, tokens: unit.tokens };
    }
  }
  if (current) pieces.push({ start: current.start, text: current.text });
  return pieces.filter((p) => p.text.trim() !== "");
}
