import { stat } from "node:fs/promises";
import { dirname } from "node:path";

/** `path` itself when it exists, else its closest existing ancestor. */
export async function nearestExistingFolder(path: string): Promise<string> {
  let current = path;
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}
