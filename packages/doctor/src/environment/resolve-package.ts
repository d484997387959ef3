import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { PackageLocation } from "./doctor-environment.js";

/** Parameters of {@link resolvePackage}. */
export interface ResolvePackageParams {
  name: string;
  /**
   * Files (paths or `file:` URLs) or folders to look from, first match wins. With pnpm every
   * package sees only its own dependencies, so pass the packages that really load it (e.g.
   * @hftool/inference's folder).
   */
  bases: readonly string[];
}

/**
 * Finds an installed package as Node's `require` would from each base: the real path of the
 * base, then every `node_modules` folder above it. Returns its folder, version and the entry
 * file its `exports` (or `main`) names for Node, or `undefined` when no base can see it.
 *
 * Written out rather than delegated to `require.resolve` so the answer is the same under test
 * runners that replace `require`, and so packages whose `exports` hide `package.json` work.
 */
export function resolvePackage({ name, bases }: ResolvePackageParams): PackageLocation | undefined {
  for (const base of bases) {
    for (const dir of nodeModulesFolders(base)) {
      const packageDir = join(dir, ...name.split("/"));
      let manifest: Manifest;
      try {
        manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Manifest;
      } catch {
        continue;
      }
      if (manifest.name !== undefined && manifest.name !== name) continue;
      const real = safeRealpath(packageDir) ?? packageDir;
      return {
        name,
        version: String(manifest.version ?? "unknown"),
        dir: real,
        entry: resolve(real, entryOf(manifest)),
      };
    }
  }
  return undefined;
}

interface Manifest {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
}

/** `node_modules` folders Node searches from `base`, nearest first. */
function nodeModulesFolders(base: string): string[] {
  let start = base.startsWith("file:") ? fileURLToPath(base) : base;
  start = safeRealpath(start) ?? start;
  let dir = isDirectory(start) ? start : dirname(start);
  const folders: string[] = [];
  for (;;) {
    if (!dir.endsWith(`${sep}node_modules`)) folders.push(join(dir, "node_modules"));
    const parent = dirname(dir);
    if (parent === dir) return folders;
    dir = parent;
  }
}

/** The file `require(name)` loads: `exports["."]` for the node/require/default conditions, else `main`. */
function entryOf(manifest: Manifest): string {
  const exports = manifest.exports;
  if (exports !== undefined && exports !== null) {
    const root =
      typeof exports === "string" || Array.isArray(exports)
        ? exports
        : "." in (exports as Record<string, unknown>)
          ? (exports as Record<string, unknown>)["."]
          : Object.keys(exports as object).some((k) => k.startsWith("."))
            ? undefined
            : exports;
    const target = pickCondition(root);
    if (target) return target;
  }
  return manifest.main ?? "index.js";
}

/**
 * Node's rule: the first key, in the object's own order, that is an active condition. `require`
 * is active for CommonJS loading; an ES-only package (just `import`) falls back to that.
 */
function pickCondition(
  target: unknown,
  active: readonly string[] = ["node", "require", "default"],
): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = pickCondition(item, active);
      if (picked) return picked;
    }
    return undefined;
  }
  if (target && typeof target === "object") {
    for (const [key, value] of Object.entries(target)) {
      if (!active.includes(key)) continue;
      const picked = pickCondition(value, active);
      if (picked) return picked;
    }
    if (active.length === 3) return pickCondition(target, ["node", "import", "default"]);
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
