import { access } from "node:fs/promises";
import { ConfigError } from "../errors/errors.js";
import { writeFileAtomic } from "../fs/write-file-atomic.js";
import { renderConfigTemplate } from "./render-config-template.js";

/** Parameters of {@link initConfig}. */
export interface InitConfigParams {
  /** Where to write. */
  file: string;
  /** Replace an existing file. @default false */
  force?: boolean;
}

/**
 * Writes a commented config template that documents every key.
 * @throws {ConfigError} `CONFIG_EXISTS` when the file exists and `force` is not set.
 */
export async function initConfig({
  file,
  force = false,
}: InitConfigParams): Promise<{ file: string; overwritten: boolean }> {
  let exists = true;
  try {
    await access(file);
  } catch {
    exists = false;
  }
  if (exists && !force) {
    throw new ConfigError(`${file} already exists; hftool never overwrites a config file unasked.`, {
      file,
      code: "CONFIG_EXISTS",
      hint: "Edit it with 'hftool config edit', change one key with 'hftool config set KEY VALUE', or pass --force to replace it.",
    });
  }
  await writeFileAtomic({ path: file, data: renderConfigTemplate() });
  return { file, overwritten: exists };
}
