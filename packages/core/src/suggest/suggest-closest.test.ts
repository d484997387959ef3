import { describe, expect, it } from "@jest/globals";
import { suggestClosest } from "./suggest-closest.js";

describe("suggestClosest", () => {
  it("ranks by edit distance and finds substrings", () => {
    expect(suggestClosest({ input: "tasks", candidates: ["task", "tasks-x", "models"] })[0]).toBe("task");
    expect(suggestClosest({ input: "whisper", candidates: ["whisper-base", "bert"] })).toEqual([
      "whisper-base",
    ]);
    expect(suggestClosest({ input: "zzzz", candidates: ["models", "tasks"] })).toEqual([]);
  });
});
