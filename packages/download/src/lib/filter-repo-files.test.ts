import { describe, expect, it } from "@jest/globals";
import { filterRepoFiles, globToRegExp } from "./filter-repo-files.js";

const files = [
  "config.json",
  "tokenizer.json",
  "onnx/model.onnx",
  "onnx/model_fp16.onnx",
  "onnx/model_q4.onnx",
  "README.md",
  "a[1].txt",
].map((path) => ({ path }));
const paths = (include?: string[], exclude?: string[]) =>
  filterRepoFiles({ files, ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) }).map(
    (f) => f.path,
  );

describe("filterRepoFiles (fnmatch semantics, like hf download)", () => {
  it("keeps everything without patterns", () => {
    expect(paths()).toHaveLength(files.length);
  });

  it("lets * cross folder separators, as Python's fnmatch does", () => {
    expect(paths(["*.onnx"])).toEqual(["onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_q4.onnx"]);
    expect(paths(["*.json"])).toEqual(["config.json", "tokenizer.json"]);
  });

  it("applies exclude after include, and a trailing slash means a folder", () => {
    expect(paths(["onnx/"], ["*_fp16.onnx", "*_q4.onnx"])).toEqual(["onnx/model.onnx"]);
    expect(paths(undefined, ["onnx/*"])).toEqual(["config.json", "tokenizer.json", "README.md", "a[1].txt"]);
  });

  it("supports ? and character classes, and treats regex characters literally", () => {
    expect(globToRegExp("model_q?.onnx").test("model_q4.onnx")).toBe(true);
    expect(globToRegExp("[!a]*.md").test("README.md")).toBe(true);
    expect(globToRegExp("[!R]*.md").test("README.md")).toBe(false);
    expect(globToRegExp("a[1].txt").test("a1.txt")).toBe(true);
    expect(globToRegExp("a[1.txt").test("a[1.txt")).toBe(true);
    expect(globToRegExp("config.json").test("configXjson")).toBe(false);
  });
});
