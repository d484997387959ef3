import type { CheckContext, CheckOutcome, DoctorCheck, Suggestion } from "../../types.js";
import { NODE_ENGINES } from "../../version.js";

/**
 * End of life of each Node major (nodejs.org/en/about/previous-releases): after it, no security
 * fixes. Odd majors are never long-term-supported.
 */
const END_OF_LIFE: Readonly<Record<number, string>> = {
  18: "2025-04-30",
  19: "2023-06-01",
  20: "2026-04-30",
  21: "2024-06-01",
  22: "2027-04-30",
  23: "2025-06-01",
  24: "2028-04-30",
  25: "2026-06-01",
  26: "2029-04-30",
  27: "2027-06-01",
};

/** `20.19.0` → `[20, 19, 0]`. */
function parseVersion(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! - b[i]!;
  return 0;
}

function upgradeSuggestion(env: CheckContext["environment"]["env"]): Suggestion {
  if (env.NVM_DIR)
    return { description: "Install the current LTS release with nvm", command: "nvm install --lts" };
  if (env.FNM_DIR || env.FNM_MULTISHELL_PATH) {
    return { description: "Install the current LTS release with fnm", command: "fnm install --lts" };
  }
  if (env.VOLTA_HOME)
    return { description: "Install the current LTS release with Volta", command: "volta install node@lts" };
  return { description: "Install the current LTS release from https://nodejs.org/en/download" };
}

/** Node.js against what hftool needs (package.json `engines`), and whether it still gets fixes. */
export const nodeCheck: DoctorCheck = {
  id: "node",
  title: "Node.js",
  description: "Node.js version against what hftool needs, and whether it still gets security fixes",
  category: "runtime",
  timeoutMs: () => 2000,
  async run({ environment }): Promise<CheckOutcome> {
    const version = environment.nodeVersion;
    const details = [`Running ${environment.execPath} on ${environment.platform}-${environment.arch}.`];
    const data = { version, required: NODE_ENGINES, execPath: environment.execPath };
    const current = parseVersion(version);
    const minimum = parseVersion(NODE_ENGINES.replace(/^>=\s*/, ""));
    if (!current || !minimum) {
      return { status: "warning", message: `Cannot read the Node.js version '${version}'.`, details, data };
    }
    if (compare(current, minimum) < 0) {
      return {
        status: "error",
        message: `Node.js ${version} is too old: hftool needs ${NODE_ENGINES}.`,
        details,
        suggestions: [upgradeSuggestion(environment.env)],
        data,
      };
    }
    const major = current[0];
    const eol = END_OF_LIFE[major];
    const today = environment.now().toISOString().slice(0, 10);
    if (eol && eol <= today) {
      return {
        status: "info",
        message: `Node.js ${version} works (hftool needs ${NODE_ENGINES}), but Node ${major} reached its end of life on ${eol} and gets no security fixes.`,
        details,
        suggestions: [upgradeSuggestion(environment.env)],
        data: { ...data, endOfLife: eol },
      };
    }
    if (major % 2 === 1) {
      return {
        status: "info",
        message: `Node.js ${version} works (hftool needs ${NODE_ENGINES}); odd-numbered releases are short-lived, an LTS release is steadier.`,
        details,
        suggestions: [upgradeSuggestion(environment.env)],
        data: { ...data, ...(eol ? { endOfLife: eol } : {}) },
      };
    }
    return {
      status: "ok",
      message: `Node.js ${version} (hftool needs ${NODE_ENGINES}).`,
      details,
      data: { ...data, ...(eol ? { endOfLife: eol } : {}) },
    };
  },
};
