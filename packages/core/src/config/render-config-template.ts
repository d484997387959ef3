import { CONFIG_KEYS } from "./config-schema.js";

/**
 * A commented `config.toml` that documents every key with its built-in value, all commented
 * out, so a fresh file changes nothing until the user uncomments a line.
 */
export function renderConfigTemplate(): string {
  const out: string[] = [
    "# hftool configuration.",
    "# Precedence: command-line flags > HFTOOL_* environment > project .hftool/config.toml",
    "#             > user ~/.hftool/config.toml > built-in defaults.",
    "# Uncomment a line to change it; 'hftool config show' prints what is in effect and why.",
    "",
  ];
  const sections = [...new Set(CONFIG_KEYS.map((s) => s.key.split(".")[0]!))];
  const example: Record<string, string> = {
    "defaults.gpu": '"0"',
    "defaults.output_dir": '"~/hftool-outputs"',
    "paths.models_dir": '"~/.cache/huggingface/hub"',
    "paths.output_dir": '"."',
    "paths.history_file": '"~/.hftool/history.jsonl"',
  };
  for (const section of sections) {
    out.push(`[${section}]`);
    for (const spec of CONFIG_KEYS.filter((s) => s.key.startsWith(`${section}.`))) {
      const name = spec.key.slice(section.length + 1);
      const env = spec.env && spec.env.length > 0 ? ` (env: ${spec.env.join(", ")})` : "";
      out.push(`# ${spec.description}${env}`);
      if (spec.choices) out.push(`# One of: ${spec.choices.join(", ")}`);
      let shown = example[spec.key];
      if (!shown && spec.default) {
        const value = spec.default({ home: "~/.hftool", hubCacheDir: "~/.cache/huggingface/hub", cwd: "." });
        shown = typeof value === "string" ? JSON.stringify(value) : String(value);
      }
      out.push(`# ${name} = ${shown ?? '""'}`);
    }
    out.push("");
  }
  out.push(
    "[aliases]",
    "# Short names for models you use often: hftool -t asr -m fast -i talk.wav",
    '# fast = "onnx-community/whisper-tiny"',
    "",
    "# One table per task (by its name from 'hftool tasks'): its default model, device, dtype,",
    "# revision, and any pipeline parameter ('hftool info MODEL' lists them).",
    "# [automatic-speech-recognition]",
    '# model = "whisper-small"',
    '# language = "english"',
    "",
    "# [text-to-image]",
    '# model = "sd-turbo"',
    "# steps = 2",
    "",
  );
  return out.join("\n");
}
