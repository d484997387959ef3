import { readFile, realpath, rm } from "node:fs/promises";
import { writeFileAtomic } from "@hftool/core";
import { CompletionInstallError } from "./errors.js";

/** An rc file as read: where it really lives (through a symlink) and its text, if it exists. */
export interface RcFile {
  /** The path to write: a dotfile manager's symlink is followed, never replaced. */
  path: string;
  text: string | undefined;
}

export async function readRcFile(path: string): Promise<RcFile> {
  let real = path;
  try {
    real = await realpath(path);
  } catch {
    // missing: written where asked
  }
  try {
    return { path: real, text: await readFile(real, "utf8") };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { path: real, text: undefined };
    throw new CompletionInstallError(`Cannot read ${path}: ${(error as Error).message}.`, path, {
      hint: "Check the file's permissions, then run the command again.",
      cause: error,
    });
  }
}

export async function writeRcFile(path: string, text: string | undefined): Promise<void> {
  try {
    if (text === undefined) await rm(path, { force: true });
    else await writeFileAtomic({ path, data: text });
  } catch (error) {
    throw new CompletionInstallError(`Cannot write ${path}: ${(error as Error).message}.`, path, {
      hint: "Check that the folder is writable, then run the command again. The file was left as it was.",
      cause: error,
    });
  }
}
