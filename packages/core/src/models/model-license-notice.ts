import type { ModelEntry } from "./types.js";

/**
 * What a user must know about a registry model's license before downloading it, or `undefined`
 * when there is nothing to say: a license that forbids commercial use (named, with where to read
 * it), and a gated repo (terms to accept on the Hub, and a token).
 */
export function modelLicenseNotice(
  entry: Pick<ModelEntry, "name" | "repo" | "license" | "licenseName" | "nonCommercial" | "gated">,
): string | undefined {
  const parts: string[] = [];
  const page = `https://huggingface.co/${entry.repo}`;
  if (entry.nonCommercial) {
    const name = entry.licenseName ? `the ${entry.licenseName} (${entry.license})` : entry.license;
    parts.push(
      `${entry.name} is licensed under ${name}, which forbids commercial use; read it at ${page} before using the outputs.`,
    );
  }
  if (entry.gated) {
    parts.push(
      `${entry.repo} is gated: accept its terms at ${page} and set HF_TOKEN (or run 'hf auth login') to download it.`,
    );
  }
  return parts.length > 0 ? parts.join(" ") : undefined;
}
