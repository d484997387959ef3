import type { CompletionItem } from "../types.js";
import { completePath } from "./complete-path.js";

/** Parameters of {@link completeFilePicker}. */
export interface CompleteFilePickerParams {
  /** The word typed so far; starts with `@`. */
  current: string;
  /** Folder relative paths start from. @default process.cwd() */
  cwd?: string;
  /** Home folder, for `@~`. @default os.homedir() */
  homeDir?: string;
  /** Preferred file extensions (see `completePath`). */
  extensions?: readonly string[];
}

/** The file-picker forms and what each one does. */
const FORMS: readonly CompletionItem[] = [
  { value: "@", description: "Pick a file in this folder" },
  { value: "@.", description: "Pick a file in this folder or below" },
  { value: "@~", description: "Pick a file in your home folder" },
  { value: "@@", description: "Pick a file you used recently" },
  { value: "@?", description: "Build the input step by step" },
  { value: "@./", description: "Browse from this folder" },
  { value: "@~/", description: "Browse from your home folder" },
];

/**
 * Completes hftool's `@` file-picker syntax: the forms themselves (`@`, `@.`, `@~`, `@@`, `@?`) with
 * what each does, and a path after the `@` (`@./clips/`, `@~/Music/a`, `@/data/`), folder by folder.
 */
export async function completeFilePicker(params: CompleteFilePickerParams): Promise<CompletionItem[]> {
  const { current } = params;
  if (!current.startsWith("@")) return [];
  const path = current.slice(1);
  const items = FORMS.filter((f) => f.value.startsWith(current));
  if (path === "" || path === "@" || path === "?" || path === "~" || path === ".") return items;
  const paths = await completePath({ ...params, current: path });
  return [...items, ...paths.map((p) => ({ value: `@${p.value}` }))];
}
