import { describe, expect, it } from "@jest/globals";
import { repoFolderName } from "./repo-folder-name.js";

describe("repoFolderName", () => {
  it("names folders like huggingface_hub", () => {
    expect(repoFolderName({ repo: "onnx-community/whisper-base" })).toBe(
      "models--onnx-community--whisper-base",
    );
    expect(repoFolderName({ repo: "squad", type: "dataset" })).toBe("datasets--squad");
  });
});
