import { describe, expect, it } from "@jest/globals";
import { redactUrl } from "./redact-url.js";

describe("redactUrl", () => {
  it("hides user names and passwords, and leaves other URLs alone", () => {
    expect(redactUrl("http://bob:s3cret@proxy:3128")).toBe("http://***:***@proxy:3128");
    expect(redactUrl("https://huggingface.co")).toBe("https://huggingface.co");
    expect(redactUrl("not a url://a:b@c")).toBe("not a url://***@c");
  });
});
