/** A timed piece of text: a subtitle line, a transcript segment, a word, a speech span. */
export interface Cue {
  /** Start in seconds. */
  start: number;
  /** End in seconds. */
  end: number;
  text: string;
}
