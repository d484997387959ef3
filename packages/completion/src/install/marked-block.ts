/**
 * A block of lines hftool owns inside a user's rc file, between marker lines, placed so that
 * removing it gives back the file byte for byte: the block always starts at a line start and ends
 * with a newline, and a comment line in it records the two things removal must undo besides
 * (a line break hftool had to add before it, a file hftool created).
 */

export interface MarkedBlockFlags {
  /** The file did not end with a newline; one was added before the block. */
  addedNewline?: boolean;
  /** The file did not exist; hftool created it for the block. */
  createdFile?: boolean;
}

export interface FoundBlock extends MarkedBlockFlags {
  /** Offset of the start marker. */
  start: number;
  /** Offset just past the end marker's newline (or the end of the text). */
  end: number;
  /** The whole block text. */
  text: string;
}

const ADDED_NEWLINE = "# (hftool added the line break above this block)";
const CREATED_FILE = "# (hftool created this file)";

export function markers(programName: string): { start: string; end: string } {
  return {
    start: `# >>> ${programName} completion >>>`,
    end: `# <<< ${programName} completion <<<`,
  };
}

export function renderBlock(programName: string, body: string, flags: MarkedBlockFlags): string {
  const { start, end } = markers(programName);
  const lines = [
    start,
    `# Added by '${programName} completion --install'; '${programName} completion --uninstall' removes it.`,
    ...(flags.addedNewline ? [ADDED_NEWLINE] : []),
    ...(flags.createdFile ? [CREATED_FILE] : []),
    body.replace(/\n+$/, ""),
    end,
  ];
  return `${lines.join("\n")}\n`;
}

export function findBlock(text: string, programName: string): FoundBlock | undefined {
  const { start, end } = markers(programName);
  let from = 0;
  for (;;) {
    const at = text.indexOf(start, from);
    if (at === -1) return undefined;
    if (at === 0 || text[at - 1] === "\n") {
      const close = text.indexOf(`\n${end}`, at);
      if (close === -1) return undefined;
      let stop = close + 1 + end.length;
      if (text[stop] === "\n") stop++;
      const block = text.slice(at, stop);
      const lines = block.split("\n");
      return {
        start: at,
        end: stop,
        text: block,
        addedNewline: lines.includes(ADDED_NEWLINE),
        createdFile: lines.includes(CREATED_FILE),
      };
    }
    from = at + start.length;
  }
}

/** The text without the block (and without the line break hftool added for it). */
export function removeBlock(text: string, block: FoundBlock): string {
  let before = text.slice(0, block.start);
  if (block.addedNewline && before.endsWith("\n")) before = before.slice(0, -1);
  return before + text.slice(block.end);
}
