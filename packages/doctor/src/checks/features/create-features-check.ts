import type { CheckOutcome, DoctorCheck } from "../../types.js";
import { OPTIONAL_FEATURES, type OptionalFeature } from "./optional-features.js";

/** One feature's state. */
interface FeatureState {
  id: string;
  title: string;
  package: string;
  state: "working" | "missing" | "broken";
  version?: string;
  error?: string;
  tasks: readonly string[];
}

/** Parameters of {@link createFeaturesCheck}. */
export interface CreateFeaturesCheckParams {
  /** The libraries to look for. @default OPTIONAL_FEATURES */
  features?: readonly OptionalFeature[];
}

/**
 * The libraries tasks need (transformers.js, audio decoders, resampler, image codecs): installed
 * where hftool loads them from, loading, and doing a small piece of real work.
 */
export function createFeaturesCheck({
  features = OPTIONAL_FEATURES,
}: CreateFeaturesCheckParams = {}): DoctorCheck {
  return {
    id: "features",
    title: "Task libraries",
    description: "Libraries the tasks need (transformers.js, audio decoders, image codecs) load and work",
    category: "runtime",
    timeoutMs: () => 10_000,
    async run({ environment, signal }): Promise<CheckOutcome> {
      const states: FeatureState[] = [];
      // One at a time: they load into this process, and the timings stay meaningful.
      for (const feature of features) {
        if (signal.aborted) break;
        const base = { id: feature.id, title: feature.title, package: feature.package, tasks: feature.tasks };
        const location = environment.resolvePackage(feature.package);
        if (!location) {
          states.push({ ...base, state: "missing" });
          continue;
        }
        try {
          await feature.probe(await environment.loadPackage(feature.package));
          states.push({ ...base, state: "working", version: location.version });
        } catch (error) {
          states.push({ ...base, state: "broken", version: location.version, error: firstLine(error) });
        }
      }
      const inference = environment.resolvePackage("@hftool/inference");
      const data = {
        inference: inference ? { version: inference.version, path: inference.dir } : null,
        features: states,
      };
      const details = states.map((s) =>
        s.state === "working"
          ? `${s.package} ${s.version}: ${s.title}.`
          : s.state === "missing"
            ? `${s.package}: not installed; needed by ${s.tasks.join(", ")}.`
            : `${s.package} ${s.version}: installed but broken: ${s.error}`,
      );
      const broken = states.filter((s) => s.state === "broken");
      const missing = states.filter((s) => s.state === "missing");
      const working = states.filter((s) => s.state === "working");
      const reinstall = {
        description: "Reinstall hftool to repair its dependencies",
        command: "npm install -g @hftool/cli",
      };
      if (broken.length > 0) {
        return {
          status: "error",
          message: `${broken.map((s) => s.package).join(", ")} ${broken.length === 1 ? "is" : "are"} installed but do${broken.length === 1 ? "es" : ""} not work: ${[...new Set(broken.flatMap((s) => s.tasks))].length} tasks cannot run.`,
          details,
          suggestions: [reinstall],
          data,
        };
      }
      if (missing.length > 0) {
        if (!inference) {
          return {
            status: "info",
            message: `@hftool/inference is not installed with this program, so no task libraries are expected (${working.length} of ${states.length} found).`,
            details,
            data,
          };
        }
        return {
          status: "warning",
          message: `${missing.map((s) => s.package).join(", ")} missing: ${[...new Set(missing.flatMap((s) => s.tasks))].join(", ")} cannot run.`,
          details,
          suggestions: [reinstall],
          data,
        };
      }
      return {
        status: "ok",
        message: working.map((s) => `${s.package} ${s.version}`).join(", ") + " work.",
        details,
        data,
      };
    },
  };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split("\n")[0]!
    .trim();
}
