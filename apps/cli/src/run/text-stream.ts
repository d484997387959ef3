import type { Spinner } from "../ui/spinner.js";

/** Generated text on its way to stdout. */
export interface TextStream {
  /** Writes a piece of generated text (the spinner goes away at the first). */
  write: (piece: string) => void;
  /** Ends the text with a newline, when any was written. */
  end: () => void;
  /** Whether any text was written. */
  readonly wrote: boolean;
}

/**
 * Streams generated text to stdout as the model writes it: the spinner on stderr stops at the
 * first piece (so the two do not fight over the terminal), and the text ends with a newline.
 */
export function createTextStream(spinner: Spinner, stdout: NodeJS.WritableStream): TextStream {
  let wrote = false;
  let last = "";
  let ended = false;
  return {
    write: (piece) => {
      if (piece === "") return;
      if (!wrote) spinner.stop();
      wrote = true;
      last = piece;
      stdout.write(piece);
    },
    end: () => {
      if (ended) return;
      ended = true;
      if (wrote && !last.endsWith("\n")) stdout.write("\n");
    },
    get wrote() {
      return wrote;
    },
  };
}
