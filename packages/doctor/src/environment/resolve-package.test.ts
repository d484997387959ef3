import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { resolvePackage } from "./resolve-package.js";

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "hftool-resolve-")));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function pkg(dir: string, manifest: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
}

describe("resolvePackage", () => {
  it("searches node_modules folders upwards from the base, nearest first", () => {
    pkg(join(root, "node_modules", "lib"), { name: "lib", version: "1.0.0" });
    pkg(join(root, "app", "node_modules", "lib"), { name: "lib", version: "2.0.0", main: "main.js" });
    mkdirSync(join(root, "app", "src"), { recursive: true });
    expect(resolvePackage({ name: "lib", bases: [join(root, "app", "src")] })).toEqual({
      name: "lib",
      version: "2.0.0",
      dir: join(root, "app", "node_modules", "lib"),
      entry: join(root, "app", "node_modules", "lib", "main.js"),
    });
    expect(resolvePackage({ name: "lib", bases: [join(root, "elsewhere", "file.js")] })?.version).toBe(
      "1.0.0",
    );
    expect(resolvePackage({ name: "other", bases: [join(root, "app")] })).toBeUndefined();
  });

  it("follows symlinks as Node does (pnpm: a package's dependencies sit beside its real folder)", () => {
    const store = join(root, "node_modules", ".pnpm", "a@1.0.0", "node_modules");
    pkg(join(store, "a"), { name: "a", version: "1.0.0" });
    pkg(join(store, "dep"), { name: "dep", version: "3.0.0" });
    mkdirSync(join(root, "app", "node_modules"), { recursive: true });
    symlinkSync(join(store, "a"), join(root, "app", "node_modules", "a"), "dir");
    const a = resolvePackage({ name: "a", bases: [join(root, "app")] })!;
    expect(a.dir).toBe(join(store, "a"));
    expect(resolvePackage({ name: "dep", bases: [join(root, "app")] })).toBeUndefined();
    expect(resolvePackage({ name: "dep", bases: [a.dir] })?.version).toBe("3.0.0");
  });

  it("picks the entry from exports by Node's condition order, for scoped and ES-only packages", () => {
    const modules = join(root, "node_modules");
    pkg(join(modules, "@s", "dual"), {
      name: "@s/dual",
      exports: { ".": { import: "./esm.js", require: "./cjs.cjs" }, "./package.json": "./package.json" },
    });
    pkg(join(modules, "esm-only"), { name: "esm-only", type: "module", exports: { import: "./index.mjs" } });
    pkg(join(modules, "sugar"), { name: "sugar", exports: "./lib.js" });
    expect(resolvePackage({ name: "@s/dual", bases: [root] })?.entry).toBe(
      join(modules, "@s", "dual", "cjs.cjs"),
    );
    expect(resolvePackage({ name: "esm-only", bases: [root] })?.entry).toBe(
      join(modules, "esm-only", "index.mjs"),
    );
    expect(resolvePackage({ name: "sugar", bases: [`file://${root}/x.js`] })?.entry).toBe(
      join(modules, "sugar", "lib.js"),
    );
  });
});
