/**
 * Bits of the last line `:<n>` that `__complete` prints, telling the shell script what to do with
 * the candidates. The numbers are cobra's (gh, kubectl, helm), so the protocol is a known one.
 */
export const COMPLETION_DIRECTIVE = {
  /** Nothing special: insert the candidates; with none, the shell completes file names. */
  Default: 0,
  /** Something went wrong: complete nothing. */
  Error: 1,
  /** Do not add a space after the inserted candidate (`dir/`, `--opt=`, `section.`). */
  NoSpace: 2,
  /** With no candidates, complete nothing rather than file names. */
  NoFileComp: 4,
  /** The candidates are file extensions (`wav`): complete file names with those. */
  FilterFileExt: 8,
  /** Complete directory names only; a candidate, if any, is the folder to look in. */
  FilterDirs: 16,
  /** Show the candidates in the order given (default first, newest first), not sorted. */
  KeepOrder: 32,
} as const;

/** A combination of {@link COMPLETION_DIRECTIVE} bits. */
export type CompletionDirective = number;
