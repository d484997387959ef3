import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import type { PackageLocation } from "../../environment/doctor-environment.js";
import type { Suggestion } from "../../types.js";

/** Parameters of {@link cudaInstallSuggestion}. */
export interface CudaInstallSuggestionParams {
  onnxruntime: PackageLocation;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The command that fetches onnxruntime-node's CUDA provider into the copy hftool loads.
 *
 * The provider's libraries are not in the npm package: onnxruntime-node's
 * own install script downloads it from NuGet on linux-x64, and skips it when
 * `ONNXRUNTIME_NODE_INSTALL=skip`, with `--ignore-scripts`, offline, or under pnpm, which runs
 * no dependency build scripts unless allowed. Running that script directly with
 * `ONNXRUNTIME_NODE_INSTALL=cuda12` works whichever package manager installed hftool.
 */
export async function cudaInstallSuggestion({
  onnxruntime,
  env,
}: CudaInstallSuggestionParams): Promise<{ suggestions: Suggestion[]; details: string[] }> {
  const script = join(onnxruntime.dir, "script", "install.js");
  const writable = await access(onnxruntime.dir, constants.W_OK).then(
    () => true,
    () => false,
  );
  const command = writable
    ? `ONNXRUNTIME_NODE_INSTALL=cuda12 node ${quote(script)}`
    : `sudo env ONNXRUNTIME_NODE_INSTALL=cuda12 node ${quote(script)}`;
  const details: string[] = [];
  if (env.ONNXRUNTIME_NODE_INSTALL === "skip" || env.ONNXRUNTIME_NODE_INSTALL_CUDA === "skip") {
    details.push(
      "ONNXRUNTIME_NODE_INSTALL=skip is set in this environment: that is why installs skip the CUDA provider.",
    );
  }
  if (/[\\/]\.pnpm[\\/]/.test(onnxruntime.dir)) {
    details.push(
      "pnpm runs no dependency build scripts unless allowed: to keep the CUDA provider across installs, allow onnxruntime-node's (move it to onlyBuiltDependencies in pnpm-workspace.yaml, or run `pnpm approve-builds`) and install with ONNXRUNTIME_NODE_INSTALL=cuda12.",
    );
  } else {
    details.push(
      "npm runs the install step by itself; reinstalling with ONNXRUNTIME_NODE_INSTALL=cuda12 set (and without --ignore-scripts) keeps the CUDA provider.",
    );
  }
  return {
    suggestions: [
      {
        description: "Download the CUDA provider from NuGet (needs network access to api.nuget.org)",
        command,
      },
    ],
    details,
  };
}

/** POSIX shell quoting, only where needed. */
function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
