import { homedir } from "node:os";
import { UsageError } from "@hftool/core";
import type {
  CompletionAction,
  InstallCompletionResult,
  Shell,
  UninstallCompletionResult,
} from "@hftool/completion";
import type { CommandContext } from "../context.js";
import type { CommandHandler } from "../spec/types.js";
import { VERSION } from "../version.js";

function tilde(path: string): string {
  const home = homedir();
  return path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

function showActions(context: CommandContext, actions: readonly CompletionAction[], dryRun: boolean): void {
  const { out } = context;
  const { ce } = out;
  for (const action of actions) {
    const changes = action.kind === "create" || action.kind === "update" || action.kind === "remove";
    const line = `${tilde(action.path)}: ${action.description}`;
    if (dryRun && changes) out.info(`${ce.cyan("would change")} ${line}`);
    else if (changes) out.success(line);
    else out.info(`${ce.dim("·")} ${line}`);
  }
}

/** How to start using it now, and what to try if a new shell does not pick it up. */
function activationHint(result: InstallCompletionResult): string[] {
  const name = result.shell === "powershell" ? "PowerShell" : result.shell;
  const lines = [`Open a new ${name} window, or run now:  ${result.activate}`];
  if (result.shell === "zsh") {
    lines.push(
      "If new shells still do not complete hftool, clear zsh's cache:  rm -f ~/.zcompdump*; exec zsh",
    );
  }
  if (result.shell === "bash" && !result.rc) {
    lines.push(
      "bash-completion loads it in new shells (it must be enabled in ~/.bashrc or /etc/bash.bashrc).",
    );
  }
  return lines;
}

const completion: CommandHandler = async (args, context) => {
  const { out } = context;
  const lib = await import("@hftool/completion");
  const install = args.install === true;
  const uninstall = args.uninstall === true;
  const dryRun = args["dry-run"] === true;
  if (install && uninstall) {
    throw new UsageError("--install and --uninstall cannot be used together.", {
      hint: "Run 'hftool completion --install' or 'hftool completion --uninstall'.",
    });
  }
  if ((dryRun || args.force === true) && !install && !uninstall) {
    throw new UsageError("--dry-run and --force only apply to --install and --uninstall.", {
      hint: "Add --install, e.g. 'hftool completion --install --dry-run'.",
    });
  }

  let named: Shell | undefined;
  if (typeof args.shell === "string" && args.shell !== "") {
    named = lib.shellFromName(args.shell);
    if (!named) {
      throw new UsageError(`hftool has no completion for the shell '${args.shell}'.`, {
        hint: `Pick one of: ${lib.SHELLS.join(", ")}.`,
      });
    }
  }

  if (uninstall) {
    const shells = named ? [named] : [...lib.SHELLS];
    const results: UninstallCompletionResult[] = [];
    for (const shell of shells) {
      results.push(await lib.uninstallCompletion({ shell, env: context.env, dryRun }));
    }
    if (out.json) {
      out.writeJson(named ? results[0] : results);
      return 0;
    }
    const actions = results.flatMap((r) => r.actions);
    if (actions.length === 0)
      out.info(`No hftool completion installed${named ? ` for ${named}` : ""}; nothing to remove.`);
    showActions(context, actions, dryRun);
    if (!dryRun && actions.some((a) => a.kind === "remove")) {
      out.info("Open a new shell window for the change to take effect.");
    }
    return 0;
  }

  let shell = named;
  if (!shell) {
    const detected = lib.detectShell({ env: context.env });
    shell = detected.shell;
    const how =
      detected.source === "process"
        ? "the shell running hftool"
        : detected.source === "env"
          ? detected.detail
          : detected.detail;
    if (install || process.stdout.isTTY) {
      out.info(
        `Shell: ${shell} (${how}). Name one to choose another: hftool completion ${lib.SHELLS.filter((s) => s !== shell).join("|")}`,
      );
    }
  }

  if (!install) {
    process.stdout.write(lib.renderCompletionScript({ shell, version: VERSION }));
    if (process.stdout.isTTY) out.info(`To install it for good: hftool completion ${shell} --install`);
    return 0;
  }

  const result = await lib.installCompletion({
    shell,
    version: VERSION,
    env: context.env,
    dryRun,
    force: args.force === true,
  });
  if (out.json) {
    out.writeJson(result);
    return 0;
  }
  showActions(context, result.actions, dryRun);
  if (!dryRun) for (const line of activationHint(result)) out.info(line);
  return 0;
};

export default completion;
