import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DoctorEnvironment, PackageLocation } from "../../environment/doctor-environment.js";

/** Provider libraries onnxruntime-node downloads at install time instead of shipping them. */
const PROVIDER_LIBRARIES: Readonly<Record<string, readonly string[]>> = {
  cuda: ["providers_cuda", "providers_shared"],
  tensorrt: ["providers_tensorrt", "providers_shared"],
};

/** Parameters of {@link providerLibrariesInstalled}. */
export interface ProviderLibrariesInstalledParams {
  environment: Pick<DoctorEnvironment, "platform" | "arch">;
  /** Where onnxruntime-node is installed. */
  onnxruntime: PackageLocation;
  /** Execution provider name (`cuda`, `tensorrt`). */
  provider: string;
}

/**
 * Whether onnxruntime-node's optional install step put a provider's libraries beside its binary
 * (`ONNXRUNTIME_NODE_INSTALL=cuda12`). A file check, not a probe: it says the provider can be
 * tried, not that it works. Providers that need no download (cpu, webgpu) answer `false`.
 */
export function providerLibrariesInstalled(params: ProviderLibrariesInstalledParams): boolean {
  const { environment, onnxruntime, provider } = params;
  const libraries = PROVIDER_LIBRARIES[provider];
  if (!libraries) return false;
  const binDir = join(onnxruntime.dir, "bin", "napi-v6", environment.platform, environment.arch);
  return libraries.every((lib) =>
    existsSync(
      join(binDir, environment.platform === "win32" ? `onnxruntime_${lib}.dll` : `libonnxruntime_${lib}.so`),
    ),
  );
}
