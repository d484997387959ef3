import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PackageLocation } from "./doctor-environment.js";

/** Parameters of {@link resolvePackage}. */
export interface ResolvePackageParams {
  name: string;
  /**
   * Files or folders to resolve from, first match wins. With pnpm every package sees only its own
   * dependencies, so pass the packages that really load it (e.g. @hftool/inference's folder).
   */
  bases: readonly string[];
}

/**
 * Finds an installed package the way `require` would from each base, and reads its version.
 * `undefined` when no base can see it.
 */
export function resolvePackage({ name, bases }: ResolvePackageParams): PackageLocation | undefined {
  for (const base of bases) {
    const require = createRequire(isDirectory(base) ? join(base, "noop.js") : base);
    let entry: string;
    try {
      entry = require.resolve(name);
    } catch {
      continue;
    }
    const dir = packageDirOf(name, entry);
    if (!dir) continue;
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: unknown };
      return { name, version: String(manifest.version ?? "unknown"), dir, entry };
    } catch {
      return { name, version: "unknown", dir, entry };
    }
  }
  return undefined;
}

/** The folder of package `name` that contains `entry`: the nearest package.json naming it. */
function packageDirOf(name: string, entry: string): string | undefined {
  let dir = dirname(entry);
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (manifest.name === name) return dir;
    } catch {
      // No package.json here (or a nested folder's partial one): keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDirectory(base: string): boolean {
  if (base.startsWith("file:")) return false;
  try {
    return statSync(base).isDirectory();
  } catch {
    return false;
  }
}
