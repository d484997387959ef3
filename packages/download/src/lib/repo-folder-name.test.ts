import { describe, expect, it } from "@jest/globals";
import { repoFolderName } from "./repo-folder-name.js";

describe("repoFolderName", () => {
  it("names folders like huggingface_hub", () => {
    expect(repoFolderName({ repo: "onnx-community/whisper-base" })).toBe(
      "models--onnx-community--whisper-base",
    );
    expect(repoFolderName({ repo: "squad", type: "dataset" })).toBe("datasets--squad");
    expect(repoFolderName({ repo: "datasets/org/data" })).toBe("datasets--org--data");
  });

  it("refuses ids that could escape the cache folder", () => {
    for (const bad of ["../etc", "org/../x", "a/b/c", "org--x/y", "/abs", "org/", ""]) {
      expect(() => repoFolderName({ repo: bad })).toThrow(/not a valid Hub repo id/);
    }
  });
});
