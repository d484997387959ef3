import { rm } from "node:fs/promises";
import { withFileLock } from "../lock/with-file-lock.js";

/** Deletes the history file (under its lock, so no append is lost half-way). Returns whether it existed. */
export async function clearHistory({ file }: { file: string }): Promise<boolean> {
  return withFileLock({
    path: `${file}.lock`,
    fn: async () => {
      try {
        await rm(file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    },
  });
}
