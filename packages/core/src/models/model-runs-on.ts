import type { ModelEntry } from "./types.js";

/** Parameters of {@link modelRunsOn}. */
export interface ModelRunsOnParams {
  entry: Pick<ModelEntry, "providers">;
  /**
   * The execution providers a run uses, by name (`["cuda"]`, `["tensorrt", "cuda"]`, `["cpu"]`):
   * the names in a resolved device's `executionProviders`.
   */
  providers: readonly string[];
}

/**
 * Whether a registry model's weights run on the given execution providers: always for entries
 * without a `providers` list, else when the run uses one of the providers the entry names
 * (TensorRT runs hand what they cannot build to CUDA, so `["tensorrt", "cuda"]` runs a CUDA model).
 */
export function modelRunsOn({ entry, providers }: ModelRunsOnParams): boolean {
  if (!entry.providers || entry.providers.length === 0) return true;
  const used = providers.map((p) => p.toLowerCase());
  return entry.providers.some((p) => used.includes(p.toLowerCase()));
}
