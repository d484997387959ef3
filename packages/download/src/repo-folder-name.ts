/**
 * The cache folder name of a repo, as Python `huggingface_hub` names it:
 * `onnx-community/whisper-base` → `models--onnx-community--whisper-base`.
 */
export function repoFolderName({
  repo,
  type = "model",
}: {
  repo: string;
  type?: "model" | "dataset" | "space";
}): string {
  return [`${type}s`, ...repo.split("/")].join("--");
}
