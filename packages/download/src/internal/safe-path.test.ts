import { describe, expect, it } from "@jest/globals";
import { assertSafeBlobName, isSafeRepoPath, normalizeEtag } from "./safe-path.js";

describe("isSafeRepoPath", () => {
  it("accepts normal repo paths", () => {
    for (const ok of ["config.json", "onnx/model.onnx", "a b/c%20d.txt", "refs/pr/1", ".gitattributes"]) {
      expect(isSafeRepoPath(ok)).toBe(true);
    }
  });

  it("refuses paths that escape the folder, also when percent-encoded", () => {
    for (const bad of [
      "../x",
      "a/../../x",
      "/etc/passwd",
      "C:/x",
      "a\\..\\x",
      "a//b",
      "./a",
      "a/.",
      "%2e%2e/x",
      "..%2Fx",
      "%2Fetc",
      "a\u0000b",
      "",
    ]) {
      expect(isSafeRepoPath(bad)).toBe(false);
    }
  });
});

describe("assertSafeBlobName / normalizeEtag", () => {
  it("accepts only hex digests as blob names", () => {
    expect(() => assertSafeBlobName("a".repeat(40))).not.toThrow();
    expect(() => assertSafeBlobName("b".repeat(64))).not.toThrow();
    expect(() => assertSafeBlobName("../../evil")).toThrow(/Refusing the checksum/);
    expect(() => assertSafeBlobName("A".repeat(40))).toThrow();
  });

  it("strips W/ and quotes like huggingface_hub", () => {
    expect(normalizeEtag('W/"abc"')).toBe("abc");
    expect(normalizeEtag('"abc"')).toBe("abc");
    expect(normalizeEtag(null)).toBeUndefined();
  });
});
