import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { ConfigError } from "../errors/errors.js";
import { initConfig } from "./init-config.js";
import { loadConfig } from "./load-config.js";
import { setConfigValue } from "./set-config-value.js";

describe("setConfigValue and initConfig", () => {
  it("writes typed values that loadConfig reads back", async () => {
    const home = mkdtempSync(join(tmpdir(), "hftool-set-"));
    const file = join(home, ".hftool", "config.toml");
    await initConfig({ file });
    await setConfigValue({ file, key: "defaults.auto_download", value: "yes" });
    await setConfigValue({ file, key: "download.max_workers", value: "4" });
    await setConfigValue({ file, key: "t2i.guidance_scale", value: "0.0" });
    await setConfigValue({ file, key: "aliases.fast", value: "onnx-community/whisper-tiny" });
    const config = loadConfig({ cwd: home, env: {}, homeDir: home });
    expect(config.defaults.autoDownload).toBe(true);
    expect(config.download.maxWorkers).toBe(4);
    expect(config.task("text-to-image").params).toEqual({ guidance_scale: 0 });
    expect(config.aliases.fast).toBe("onnx-community/whisper-tiny");
    expect(config.warnings).toEqual([]);
  });

  it("refuses unknown keys and never touches a malformed file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-set-"));
    const file = join(dir, "config.toml");
    await expect(setConfigValue({ file, key: "defaults.nope", value: "1" })).rejects.toThrow(ConfigError);
    await expect(setConfigValue({ file, key: "nosection.x", value: "1" })).rejects.toThrow(
      /Unknown config section/,
    );
    writeFileSync(file, "[defaults\n");
    await expect(setConfigValue({ file, key: "defaults.device", value: "cpu" })).rejects.toThrow(
      /not valid TOML/,
    );
    expect(readFileSync(file, "utf8")).toBe("[defaults\n");
  });

  it("never overwrites an existing config without force", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hftool-init-"));
    const file = join(dir, "config.toml");
    writeFileSync(file, "# mine\n");
    await expect(initConfig({ file })).rejects.toMatchObject({ code: "CONFIG_EXISTS" });
    expect(readFileSync(file, "utf8")).toBe("# mine\n");
    await expect(initConfig({ file, force: true })).resolves.toEqual({ file, overwritten: true });
    expect(readFileSync(file, "utf8")).toContain("[defaults]");
  });
});
