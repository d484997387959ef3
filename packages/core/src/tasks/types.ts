/** The kind of data a task reads. */
export type InputKind = "text" | "audio" | "image" | "video";

/** The kind of data a task produces. */
export type OutputKind = "text" | "json" | "audio" | "image" | "video" | "subtitles";

/** Where a task's implementation stands. */
export type TaskStatus = "available" | "unsupported";

/** One documented parameter of a task (`hftool info`, completion, `-- --name value`). */
export interface TaskParam {
  /** snake_case name as passed after `--` (`--max_new_tokens 64` or `--max-new-tokens 64`). */
  name: string;
  type: "string" | "number" | "integer" | "boolean" | "string[]";
  description: string;
  /** Default used when neither the model entry nor the user sets it. */
  default?: unknown;
  /** Allowed values, when the set is closed. */
  choices?: readonly string[];
}

/** A task hftool can run, with everything the CLI needs to describe and name its output. */
export interface TaskDefinition {
  /** Canonical name, as on the Hugging Face Hub (`automatic-speech-recognition`). */
  name: string;
  /** Short names that resolve to this task (`asr`, `stt`). Unique across tasks. */
  aliases: readonly string[];
  /** One line for listings. */
  description: string;
  /** Grouping for listings. */
  category: "audio" | "text" | "vision" | "image-generation" | "video";
  input: InputKind;
  output: OutputKind;
  /** Output file extension used when `-o` is omitted (with the dot). */
  defaultExtension: string;
  /** Every output format the task can write, by extension without the dot (`srt`, `vtt`). */
  formats: readonly string[];
  status: TaskStatus;
  /** Why the task cannot run and what to do instead (when `status` is `unsupported`). */
  unsupportedReason?: string;
  /** Parameters the task's pipeline understands. */
  params: readonly TaskParam[];
}
