import { describe, expect, it } from "@jest/globals";
import { parse } from "smol-toml";
import { editToml } from "./edit-toml.js";

describe("editToml", () => {
  const original = `# my settings\n[defaults]\n# where to run\ndevice = "cuda"  # fast\nverbose = false\n\n[aliases]\nfast = "a/b"\n`;

  it("replaces a value in place, keeping comments", () => {
    const { text, preserved } = editToml(original, "defaults", "device", "cpu");
    expect(preserved).toBe(true);
    expect(text).toBe(original.replace('device = "cuda"  # fast', 'device = "cpu"  # fast'));
  });

  it("adds a key to an existing section and a new section at the end", () => {
    const added = editToml(original, "defaults", "dtype", "q8").text;
    expect(added).toContain('verbose = false\ndtype = "q8"\n\n[aliases]');
    const section = editToml(original, "text-to-image", "steps", 4).text;
    expect(section.endsWith('fast = "a/b"\n\n[text-to-image]\nsteps = 4\n')).toBe(true);
    expect(parse(section)).toMatchObject({ "text-to-image": { steps: 4 }, defaults: { device: "cuda" } });
  });

  it("removes a key", () => {
    const { text } = editToml(original, "defaults", "verbose", undefined);
    expect(text).not.toContain("verbose");
    expect(text).toContain("# where to run");
  });

  it("starts an empty file", () => {
    expect(editToml("", "defaults", "device", "cpu").text).toBe('[defaults]\ndevice = "cpu"\n');
  });

  it("falls back to re-serialising documents it cannot edit line by line", () => {
    const tricky = `defaults = { device = "cuda" }\n`;
    const { text, preserved } = editToml(tricky, "defaults", "device", "cpu");
    expect(preserved).toBe(false);
    expect(parse(text)).toEqual({ defaults: { device: "cpu" } });
  });
});
