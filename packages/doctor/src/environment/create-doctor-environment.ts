import { lookup } from "node:dns";
import { realpathSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { homedir, hostname, release, totalmem } from "node:os";
import { pathToFileURL } from "node:url";
import type { DoctorEnvironment } from "./doctor-environment.js";
import { findExecutable } from "./find-executable.js";
import { resolvePackage } from "./resolve-package.js";
import { runCommand } from "./run-command.js";

/** Parameters of {@link createDoctorEnvironment}: any part of the environment to replace. */
export type CreateDoctorEnvironmentParams = Partial<DoctorEnvironment> & {
  /**
   * Where packages hftool loads (onnxruntime-node, sharp, transformers.js) are looked up, first
   * match wins. @default @hftool/inference's folder (when installed), this package, the main script
   */
  packageBases?: readonly string[];
};

/**
 * The real machine, with any part replaced. Checks read nothing else, so a test can point PATH at
 * stub programs, `procRoot` at a fake `/proc`, or `env` at a temporary HOME.
 */
export function createDoctorEnvironment(params: CreateDoctorEnvironmentParams = {}): DoctorEnvironment {
  const { packageBases, ...overrides } = params;
  const env = overrides.env ?? process.env;
  const platform = overrides.platform ?? process.platform;
  const bases = packageBases ?? defaultPackageBases();
  return {
    env,
    platform,
    arch: process.arch,
    osRelease: release(),
    nodeVersion: process.versions.node,
    execPath: process.execPath,
    homeDir: (platform === "win32" ? env.USERPROFILE : env.HOME) || homedir(),
    cwd: process.cwd(),
    hostname: hostname(),
    procRoot: "/proc",
    sysRoot: "/sys",
    totalMemoryBytes: totalmem(),
    now: () => new Date(),
    findExecutable: (name) => findExecutable({ name, env, platform }),
    runCommand: (command, args, options) => runCommand({ command, args, env, ...options }),
    lookup,
    statfs: async (path) => {
      const space = await statfs(path);
      return { bavail: Number(space.bavail), bsize: Number(space.bsize), blocks: Number(space.blocks) };
    },
    resolvePackage: (name) => resolvePackage({ name, bases }),
    loadPackage: async (name) => {
      const location = resolvePackage({ name, bases });
      if (!location)
        throw Object.assign(new Error(`Cannot find package '${name}'`), { code: "MODULE_NOT_FOUND" });
      // The file `require` resolves, loaded with import() so CommonJS and ES modules both work.
      return (await import(pathToFileURL(location.entry).href)) as unknown;
    },
    isProcessAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        // EPERM: it exists but belongs to someone else.
        return (error as NodeJS.ErrnoException).code === "EPERM";
      }
    },
    ...overrides,
  };
}

/**
 * @hftool/inference first (it owns onnxruntime-node and the codecs at run time), then this
 * package, then the program that runs us.
 */
function defaultPackageBases(): string[] {
  const self = import.meta.url;
  const bases: string[] = [];
  const main = process.argv[1] ? safeRealpath(process.argv[1]) : undefined;
  for (const from of [self, main]) {
    if (!from) continue;
    const inference = resolvePackage({ name: "@hftool/inference", bases: [from] });
    if (inference) bases.push(inference.entry);
  }
  bases.push(self);
  if (main) bases.push(main);
  return [...new Set(bases)];
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
