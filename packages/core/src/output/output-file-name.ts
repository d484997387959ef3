/** Parameters of {@link outputFileName}. */
export interface OutputFileNameParams {
  /** Canonical task name (`voice-activity-detection`). */
  task: string;
  /** File extension, with or without the dot (`srt`, `.srt`). */
  extension: string;
  /** The moment the name stands for, in local time. @default new Date() */
  date?: Date;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The name of an output written without `-o`: `<task>-<YYYYMMDD-HHMMSS>.<ext>` in local time
 * (`text-to-speech-20261125-143005.wav`). Names sort by time, and say what made them.
 */
export function outputFileName({ task, extension, date = new Date() }: OutputFileNameParams): string {
  const ext = extension.startsWith(".") ? extension.slice(1) : extension;
  const stamp =
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `${task}-${stamp}${ext ? `.${ext}` : ""}`;
}
