import { rm, unlink } from "node:fs/promises";
import { relative } from "node:path";
import { formatBytes, getHubCacheDir } from "@hftool/core";
import type { CheckOutcome, DoctorCheck, FixPlan, Suggestion } from "../../types.js";
import { probeConfig } from "../shared/probe-config.js";
import { tildify } from "../shared/tildify.js";
import type { InspectCache } from "./cache-inspection.js";
import { inspectCacheWithDownload } from "./inspect-cache-with-download.js";

/** Parameters of {@link createCacheCheck}. */
export interface CreateCacheCheckParams {
  /**
   * How the cache is examined. @default inspectCacheWithDownload (@hftool/download's scanner;
   * hashing every blob takes minutes, so that is left to `hftool cache verify`)
   */
  inspectCache?: InspectCache;
}

/**
 * Cache health: partial downloads, blobs whose hash is wrong, snapshot links to missing blobs and
 * stale locks, each with the command that fixes it. `--fix` takes over stale locks and removes
 * dangling links (no data lost); deleting partial downloads is asked first.
 */
export function createCacheCheck({
  inspectCache = inspectCacheWithDownload,
}: CreateCacheCheckParams = {}): DoctorCheck {
  return {
    id: "cache",
    title: "Model cache",
    description: "Cache health: partial downloads, corrupt blobs, dangling snapshot links, stale locks",
    category: "storage",
    timeoutMs: () => 8000,
    async run(context): Promise<CheckOutcome> {
      const { environment, signal } = context;
      const { config } = await probeConfig(context);
      const cacheDir =
        config?.paths.modelsDir ??
        getHubCacheDir({ env: environment.env as NodeJS.ProcessEnv, homeDir: environment.homeDir });
      const shown = tildify(cacheDir, environment.homeDir);
      const inspection = await inspectCache({
        cacheDir,
        signal,
        hostname: environment.hostname,
        isProcessAlive: (pid) => environment.isProcessAlive(pid),
        now: environment.now(),
      });
      const inCache = (path: string) => relative(cacheDir, path) || path;
      const totalBytes = inspection.repos.reduce((sum, r) => sum + r.bytes, 0);
      const data = {
        cacheDir,
        exists: inspection.exists,
        repos: inspection.repos.length,
        bytes: totalBytes,
        hashesChecked: inspection.hashesChecked,
        partials: inspection.partials,
        danglingLinks: inspection.danglingLinks,
        staleLocks: inspection.staleLocks,
        corruptBlobs: inspection.corruptBlobs,
      };
      const verify: Suggestion = {
        description: "Check every blob against its sha256",
        command: "hftool cache verify",
      };
      if (!inspection.exists) {
        return { status: "ok", message: `The cache ${shown} is empty (nothing downloaded yet).`, data };
      }

      const details: string[] = [];
      const suggestions: Suggestion[] = [];
      const fixes: FixPlan[] = [];
      const problems: string[] = [];
      const reposOf = (items: { repo: string }[]) => [...new Set(items.map((i) => i.repo))];

      if (inspection.staleLocks.length > 0) {
        const n = inspection.staleLocks.length;
        problems.push(`${n} stale lock${n === 1 ? "" : "s"}`);
        for (const lock of inspection.staleLocks) {
          details.push(
            `Stale lock ${inCache(lock.path)}: ${lock.reason === "process-gone" ? `its process ${lock.pid} is gone` : `not refreshed for ${Math.round(lock.ageMs / 1000)} s`}.`,
          );
          fixes.push({
            id: `take-over-lock:${inCache(lock.path)}`,
            description: `Take over the stale lock ${inCache(lock.path)}`,
            deletesData: false,
            apply: () => rm(lock.path, { force: true }),
          });
        }
        suggestions.push({
          description: "Take the stale locks over (safe: their owners are gone)",
          command: "hftool doctor --fix --check cache",
        });
      }
      if (inspection.danglingLinks.length > 0) {
        const n = inspection.danglingLinks.length;
        problems.push(`${n} snapshot file${n === 1 ? "" : "s"} pointing at missing blobs`);
        for (const link of inspection.danglingLinks) {
          details.push(`Dangling link ${inCache(link.path)} → ${inCache(link.target)}.`);
          fixes.push({
            id: `remove-dangling-link:${inCache(link.path)}`,
            description: `Remove the dangling link ${inCache(link.path)}`,
            deletesData: false,
            apply: () => unlink(link.path),
          });
        }
        for (const repo of reposOf(inspection.danglingLinks)) {
          suggestions.push({
            description: `Fetch the missing files of ${repo} again`,
            command: `hftool download -m ${repo}`,
          });
        }
      }
      if (inspection.partials.length > 0) {
        const n = inspection.partials.length;
        const bytes = inspection.partials.reduce((s, p) => s + p.bytes, 0);
        problems.push(`${n} interrupted download${n === 1 ? "" : "s"} (${formatBytes(bytes)})`);
        for (const partial of inspection.partials) {
          details.push(
            `Partial download ${inCache(partial.path)}: ${formatBytes(partial.bytes)}, last written ${partial.modifiedAt}.`,
          );
          fixes.push({
            id: `delete-partial:${inCache(partial.path)}`,
            description: `Delete the partial download ${inCache(partial.path)} (${formatBytes(partial.bytes)})`,
            deletesData: true,
            apply: () =>
              rm(partial.path, { force: true }).then(() => rm(`${partial.path}.json`, { force: true })),
          });
        }
        for (const repo of reposOf(inspection.partials)) {
          suggestions.push({ description: `Resume ${repo}`, command: `hftool download -m ${repo}` });
        }
        suggestions.push({
          description: "Or delete what is left of interrupted downloads",
          command: "hftool cache prune",
        });
      }
      if (inspection.corruptBlobs.length > 0) {
        const n = inspection.corruptBlobs.length;
        problems.push(`${n} corrupt blob${n === 1 ? "" : "s"}`);
        for (const blob of inspection.corruptBlobs) {
          details.push(
            `Corrupt blob ${inCache(blob.path)}: sha256 ${blob.actual.slice(0, 12)}…, expected ${blob.expected.slice(0, 12)}….`,
          );
        }
        suggestions.push({
          description: "Discard the corrupt blobs and fetch them again",
          command: "hftool cache verify --repair",
        });
      }

      const size = `${inspection.repos.length} repo${inspection.repos.length === 1 ? "" : "s"}, ${formatBytes(totalBytes)}`;
      if (!inspection.hashesChecked) {
        details.push("Blob contents were not hashed here (that takes minutes on a large cache).");
        suggestions.push(verify);
      }
      if (problems.length === 0) {
        return {
          status: "ok",
          message: `${shown}: ${size}; no interrupted downloads, broken links or stale locks.`,
          details,
          suggestions: inspection.hashesChecked ? [] : [verify],
          data,
        };
      }
      return {
        status: inspection.corruptBlobs.length > 0 ? "error" : "warning",
        message: `${shown} (${size}): ${problems.join(", ")}.`,
        details,
        suggestions,
        data,
        fixes,
      };
    },
  };
}
