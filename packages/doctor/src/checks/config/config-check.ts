import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { findConfigFiles, readConfigFile, type ConfigError, type ConfigSource } from "@hftool/core";
import type { CheckOutcome, CheckStatus, DoctorCheck, FixPlan, Suggestion } from "../../types.js";
import { nearestExistingFolder } from "../shared/nearest-existing-folder.js";
import { probeConfig } from "../shared/probe-config.js";
import { tildify } from "../shared/tildify.js";

const RANK: Record<CheckStatus, number> = { ok: 0, info: 1, warning: 2, error: 3 };

/**
 * Which config files exist, parse errors with line and column, unknown keys and bad values, and
 * whether the models folder exists and is writable (`--fix` creates it).
 */
export const configCheck: DoctorCheck = {
  id: "config",
  title: "Configuration",
  description: "Config files parse (line and column of errors), unknown keys, models folder writable",
  category: "configuration",
  timeoutMs: () => 5000,
  async run(context): Promise<CheckOutcome> {
    const { environment } = context;
    const home = environment.homeDir;
    const show = (path: string) => tildify(path, home);
    let status: CheckStatus = "ok";
    const raise = (to: CheckStatus) => {
      if (RANK[to] > RANK[status]) status = to;
    };
    const details: string[] = [];
    const suggestions: Suggestion[] = [];
    const fixes: FixPlan[] = [];
    const problems: string[] = [];

    const files = findConfigFiles({
      cwd: environment.cwd,
      env: environment.env as NodeJS.ProcessEnv,
      homeDir: home,
    });
    const fileData: Record<string, unknown>[] = [];
    for (const file of files) {
      if (!file.exists) {
        details.push(`${file.scope} config: ${show(file.path)} (none)`);
        fileData.push({ scope: file.scope, path: file.path, exists: false });
        continue;
      }
      try {
        readConfigFile(file.path);
        details.push(`${file.scope} config: ${show(file.path)}`);
        fileData.push({ scope: file.scope, path: file.path, exists: true, valid: true });
      } catch (error) {
        const e = error as ConfigError;
        raise("error");
        const where = e.line ? ` line ${e.line}, column ${e.column}` : "";
        problems.push(`${show(file.path)}${where}: ${reasonOf(e)}`);
        const at = e.line ? ` (line ${e.line}, column ${e.column})` : "";
        const excerpt = (e.details?.excerpt as string | undefined)?.trimEnd();
        details.push(`${file.scope} config: ${show(file.path)} is not valid TOML${at}.`);
        if (excerpt) details.push(excerpt);
        suggestions.push({
          description: `Fix ${e.line ? `line ${e.line} of ` : ""}${show(file.path)}`,
          command: file.scope === "project" ? "hftool config edit --project" : "hftool config edit",
        });
        fileData.push({
          scope: file.scope,
          path: file.path,
          exists: true,
          valid: false,
          error: { message: e.message, line: e.line ?? null, column: e.column ?? null },
        });
      }
    }
    const data: Record<string, unknown> = { files: fileData };

    const probe = await probeConfig(context);
    if (probe.error) {
      if (!(probe.error as ConfigError).line) {
        // A wrong type or value (parse errors were reported above, per file).
        raise("error");
        problems.push(probe.error.message);
        const hint = (probe.error as ConfigError).hint;
        if (hint) suggestions.push({ description: hint });
      }
      return finish();
    }
    const config = probe.config;
    if (config.warnings.length > 0) {
      raise("warning");
      for (const warning of config.warnings) {
        problems.push(warning.message.replaceAll(home + "/", "~/"));
      }
      data.warnings = config.warnings;
      suggestions.push({ description: "See every key hftool knows", command: "hftool config show" });
    }

    // The models folder: hftool writes every download there.
    const modelsDir = config.paths.modelsDir;
    const from = describeSource(config.sourceOf("paths.models_dir"), home);
    data.modelsDir = { path: modelsDir, source: config.sourceOf("paths.models_dir") ?? null };
    const info = await stat(modelsDir).catch(() => undefined);
    if (!info) {
      const parent = await nearestExistingFolder(modelsDir);
      const creatable = await access(parent, constants.W_OK).then(
        () => true,
        () => false,
      );
      if (creatable) {
        raise("info");
        details.push(
          `Models folder ${show(modelsDir)} (${from}) does not exist yet; the first download creates it.`,
        );
        fixes.push({
          id: "create-models-dir",
          description: `Create the models folder ${show(modelsDir)}`,
          deletesData: false,
          apply: async () => {
            await mkdir(modelsDir, { recursive: true });
          },
        });
        (data.modelsDir as Record<string, unknown>).exists = false;
      } else {
        raise("error");
        problems.push(
          `The models folder ${show(modelsDir)} (${from}) does not exist and cannot be created: ${show(parent)} is not writable.`,
        );
        suggestions.push(moveModelsDir());
      }
    } else if (!info.isDirectory()) {
      raise("error");
      problems.push(`The models folder ${show(modelsDir)} (${from}) is a file, not a folder.`);
      suggestions.push(moveModelsDir());
    } else {
      const writable = await access(modelsDir, constants.W_OK).then(
        () => true,
        () => false,
      );
      Object.assign(data.modelsDir as object, { exists: true, writable });
      if (writable) {
        details.push(`Models folder ${show(modelsDir)} (${from}) is writable.`);
      } else {
        raise("error");
        problems.push(`The models folder ${show(modelsDir)} (${from}) is not writable: downloads will fail.`);
        if (environment.platform !== "win32") {
          suggestions.push({
            description: "Take ownership of it",
            command: `sudo chown -R "$USER" ${quote(modelsDir)}`,
          });
        }
        suggestions.push(moveModelsDir());
      }
    }
    return finish();

    function finish(): CheckOutcome {
      const existing = files.filter((f) => f.exists);
      const summary =
        problems.length > 0
          ? problems[0]! + (problems.length > 1 ? ` (+${problems.length - 1} more)` : "")
          : existing.length === 0
            ? "No config files; built-in defaults apply."
            : `${existing.map((f) => show(f.path)).join(" and ")} ${existing.length === 1 ? "is" : "are"} valid.`;
      if (problems.length > 1) details.unshift(...problems.slice(1));
      if (existing.length === 0 && problems.length === 0) {
        suggestions.push({
          description: "Write a commented config file to start from",
          command: "hftool config init",
        });
      }
      return { status, message: summary, details, suggestions, data, fixes };
    }
  },
};

function reasonOf(error: ConfigError): string {
  return (
    /is not valid TOML: (.+?)(?: \(line \d+, column \d+\))?\.?$/.exec(error.message)?.[1] ?? error.message
  );
}

function describeSource(source: ConfigSource | undefined, home: string): string {
  if (!source || source.kind === "default") return "default";
  if (source.kind === "env") return `from ${source.variable}`;
  if (source.kind === "flag") return "from the command line";
  return `from ${tildify(source.file, home)}`;
}

function moveModelsDir(): Suggestion {
  return {
    description: "Or keep models somewhere writable",
    command: "hftool config set paths.models_dir ~/models",
  };
}

function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
