import { formatBytes, UsageError } from "@hftool/core";
import { hubSettings } from "../hub/hub-settings.js";
import { registryEntriesOf } from "../hub/describe-cache.js";
import { resolveModelName } from "../hub/resolve-targets.js";
import type { CommandHandler } from "../spec/types.js";

/** `hftool rm MODEL…` and `hftool cache rm`: delete models from the cache, after saying what it frees. */
const rm: CommandHandler = async (args, context) => {
  const { out } = context;
  const settings = hubSettings(context);
  const config = context.config();
  const { scanCache, removeCachedRepo } = await import("@hftool/download");
  const dryRun = args["dry-run"] === true;
  let names = (Array.isArray(args.models) ? args.models : args.models ? [args.models] : []).map(String);

  if (names.length === 0) {
    if (!context.interactive || out.json) {
      throw new UsageError("Which models? Name them: hftool rm MODEL…", {
        hint: "See what is downloaded with 'hftool status'.",
      });
    }
    const scan = await scanCache({ cacheDir: settings.cacheDir, env: context.env });
    if (scan.repos.length === 0) {
      out.info("The cache is empty: nothing to remove.");
      return;
    }
    const { checkbox } = await import("@inquirer/prompts");
    try {
      names = await checkbox(
        {
          message: "Remove which models?",
          choices: scan.repos.map((r) => ({
            name: `${r.repo}  ${formatBytes(r.sizeOnDisk)}${registryEntriesOf(r.repo)[0] ? `  (${registryEntriesOf(r.repo)[0]!.name})` : ""}`,
            value: r.repo,
          })),
          pageSize: 15,
        },
        { output: process.stderr },
      );
    } catch (error) {
      if ((error as Error).name === "ExitPromptError") return 130;
      throw error;
    }
    if (names.length === 0) return;
  }

  const targets = names.map((name) => resolveModelName(name, config.aliases));
  const plans = [];
  for (const target of targets) {
    const explicitRevision = target.label.includes("@") ? target.revision : undefined;
    const plan = await removeCachedRepo({
      repo: target.repo,
      ...(explicitRevision ? { revision: explicitRevision } : {}),
      cacheDir: settings.cacheDir,
      env: context.env,
      dryRun: true,
    });
    plans.push({ target, revision: explicitRevision, plan });
  }
  const found = plans.filter((p) => p.plan.found);
  for (const p of plans.filter((p) => !p.plan.found)) {
    out.warn(`${p.target.label} is not in the cache${p.revision ? ` at ${p.revision}` : ""}.`);
  }
  if (found.length === 0) {
    if (out.json) out.writeJson({ removed: [], freedBytes: 0, dryRun });
    return plans.length > 0 ? 1 : 0;
  }
  const total = found.reduce((n, p) => n + p.plan.freedBytes, 0);
  if (!out.json) {
    for (const p of found)
      out.info(`  ${p.target.repo}${p.revision ? `@${p.revision}` : ""}  ${formatBytes(p.plan.freedBytes)}`);
  }
  if (!dryRun) {
    const ok = await context.confirm(
      `Remove ${found.length === 1 ? found[0]!.target.repo : `${found.length} models`} (${formatBytes(total)})?`,
    );
    if (!ok) return 1;
    for (const p of found) {
      await removeCachedRepo({
        repo: p.target.repo,
        ...(p.revision ? { revision: p.revision } : {}),
        cacheDir: settings.cacheDir,
        env: context.env,
      });
    }
  }
  if (out.json) {
    out.writeJson({
      removed: found.map((p) => ({
        repo: p.target.repo,
        revision: p.revision,
        freedBytes: p.plan.freedBytes,
        paths: p.plan.removed,
      })),
      freedBytes: total,
      dryRun,
    });
    return;
  }
  if (dryRun) out.info(`Would free ${formatBytes(total)}.`);
  else
    out.success(
      `Removed ${found.length} model${found.length === 1 ? "" : "s"}, freed ${formatBytes(total)}.`,
    );
};

export default rm;
