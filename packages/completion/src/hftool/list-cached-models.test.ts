import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { listCachedModels } from "./list-cached-models.js";

describe("listCachedModels", () => {
  it("turns models--org--name folders into repo ids and ignores the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-cache-"));
    for (const name of ["models--b--two", "models--a--one", "datasets--x--y", "models--", ".locks"]) {
      mkdirSync(join(dir, name));
    }
    expect(await listCachedModels({ modelsDir: dir })).toEqual(["a/one", "b/two"]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives nothing for a missing folder", async () => {
    expect(await listCachedModels({ modelsDir: join(tmpdir(), "hftool-no-such-dir") })).toEqual([]);
  });
});
