import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { formatBytes, getHubCacheDir } from "@hftool/core";
import type { CheckOutcome, DoctorCheck } from "../../types.js";
import { providerLibrariesInstalled } from "../onnxruntime/provider-libraries-installed.js";
import { defaultModels } from "../shared/default-models.js";
import { nearestExistingFolder } from "../shared/nearest-existing-folder.js";
import { probeConfig } from "../shared/probe-config.js";
import { tildify } from "../shared/tildify.js";

const GiB = 1024 ** 3;
/** Below this, even small downloads and outputs fail: an error whatever the models. */
const CRITICAL_BYTES = 1 * GiB;

/**
 * Space available to this user (`statfs` `bavail`, not the root-reserved total) on the file
 * system of the models folder, against what the default models not yet downloaded need. Without
 * onnxruntime-node's CUDA provider, tasks whose default is CUDA-only count the model hftool runs
 * instead (text-to-image on the CPU downloads a larger fp32 model).
 */
export const diskCheck: DoctorCheck = {
  id: "disk",
  title: "Disk space",
  description: "Free space for the models folder (space available to you) against the default models' size",
  category: "storage",
  timeoutMs: () => 5000,
  async run(context): Promise<CheckOutcome> {
    const { environment } = context;
    const { config } = await probeConfig(context);
    const modelsDir =
      config?.paths.modelsDir ??
      getHubCacheDir({ env: environment.env as NodeJS.ProcessEnv, homeDir: environment.homeDir });
    const folder = await nearestExistingFolder(modelsDir);
    const space = await environment.statfs(folder);
    const available = space.bavail * space.bsize;
    const total = space.blocks * space.bsize;

    const onnxruntime = environment.resolvePackage("onnxruntime-node");
    const cuda =
      onnxruntime !== undefined && providerLibrariesInstalled({ environment, onnxruntime, provider: "cuda" });
    const providers = cuda ? ["cuda", "cpu"] : ["cpu"];
    const models = defaultModels({ providers });
    const cached = new Set<string>();
    for (const model of models) {
      const snapshots = join(modelsDir, `models--${model.repo.replaceAll("/", "--")}`, "snapshots");
      if ((await readdir(snapshots).catch(() => [])).length > 0) cached.add(model.repo);
    }
    const missing = models.filter((m) => !cached.has(m.repo));
    const needed = Math.round(missing.reduce((sum, m) => sum + m.sizeBytes, 0));
    const where = tildify(modelsDir, environment.homeDir);
    const data = {
      modelsDir,
      checkedPath: folder,
      availableBytes: available,
      totalBytes: total,
      defaultModels: {
        count: models.length,
        downloaded: cached.size,
        missingBytes: needed,
        providers,
      },
    };
    const details = [
      `${formatBytes(available)} available to you of ${formatBytes(total)} on the file system of ${tildify(folder, environment.homeDir)}.`,
      missing.length === 0
        ? `All ${models.length} default models are downloaded.`
        : `${missing.length} of ${models.length} default models are not downloaded yet: ${formatBytes(needed)} (largest: ${missing[0]!.repo}, ${formatBytes(missing[0]!.sizeBytes)}).`,
      ...models
        .filter((m) => m.insteadOf !== undefined)
        .map(
          (m) =>
            `Without the CUDA provider, ${m.tasks.join(" and ")} ${m.tasks.length === 1 ? "runs" : "run"} ${m.repo} (${formatBytes(m.sizeBytes)}) instead of ${m.insteadOf}: counted instead.`,
        ),
    ];
    const suggestions = [
      { description: "See what the cache holds", command: "hftool cache ls" },
      { description: "Remove models you no longer use", command: "hftool cache prune" },
      {
        description: "Or keep models on a bigger disk",
        command: "hftool config set paths.models_dir /path/on/bigger/disk",
      },
    ];
    if (available < CRITICAL_BYTES) {
      return {
        status: "error",
        message: `Only ${formatBytes(available)} free for ${where}: downloads and outputs will fail.`,
        details,
        suggestions,
        data,
      };
    }
    if (available < needed) {
      return {
        status: "warning",
        message: `${formatBytes(available)} free for ${where}, less than the ${formatBytes(needed)} the default models not yet downloaded need.`,
        details,
        suggestions,
        data,
      };
    }
    return {
      status: "ok",
      message: `${formatBytes(available)} free for ${where}${needed > 0 ? ` (the default models not yet downloaded need ${formatBytes(needed)})` : ""}.`,
      details,
      data,
    };
  },
};
