import type { LookupFunction } from "node:net";

/** Options of {@link DoctorEnvironment.runCommand}. */
export interface RunCommandOptions {
  /** Kill the command after this many ms. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What a command did. `failure` is set when it did not run to a normal exit. */
export interface CommandResult {
  /** Exit status; `null` when it was killed or never started. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /**
   * `not-found`: no such executable. `timeout`: killed after `timeoutMs`. `aborted`: the signal
   * fired. `spawn-error`: it could not start for another reason (permissions, bad binary).
   */
  failure?: "not-found" | "timeout" | "aborted" | "spawn-error";
  /** The system's message when `failure` is `spawn-error`. */
  errorMessage?: string;
}

/** An installed package as hftool would load it. */
export interface PackageLocation {
  name: string;
  version: string;
  /** Folder holding its package.json. */
  dir: string;
  /** Path `require(name)` loads. */
  entry: string;
}

/** Free and total space of a file system. */
export interface FileSystemSpace {
  /** Blocks available to an unprivileged user (not the root-reserved ones). */
  bavail: number;
  /** Block size in bytes. */
  bsize: number;
  /** Total blocks. */
  blocks: number;
}

/**
 * Everything the checks know about the machine. The default ({@link createDoctorEnvironment})
 * reads the real one; tests replace parts (a PATH with stub `nvidia-smi`, a fake `/proc`, a
 * loopback-only resolver) so every check runs against a faked machine for real.
 */
export interface DoctorEnvironment {
  /** Environment variables (PATH, HF_*, HFTOOL_*, proxies). */
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  arch: string;
  /** Kernel / OS release (`os.release()`). */
  osRelease: string;
  /** Node version without the `v`. */
  nodeVersion: string;
  /** The Node binary, used to run the ONNX Runtime probe in a child process. */
  execPath: string;
  homeDir: string;
  cwd: string;
  hostname: string;
  /** Where `/proc` is (Linux GPU driver files). */
  procRoot: string;
  /** Where `/sys` is (AMD ROCm and DRM files). */
  sysRoot: string;
  /** Physical memory, in bytes (Apple silicon GPUs share it). */
  totalMemoryBytes: number;
  now(): Date;
  /** Absolute path of an executable on `env.PATH`, or `undefined`. */
  findExecutable(name: string): Promise<string | undefined>;
  /** Runs a program found on `env.PATH`; never throws. */
  runCommand(command: string, args: readonly string[], options: RunCommandOptions): Promise<CommandResult>;
  /** Host name resolution used by the network check's connections. */
  lookup: LookupFunction;
  /** Space of the file system holding `path` (which must exist). */
  statfs(path: string): Promise<FileSystemSpace>;
  /** Where an npm package hftool uses is installed, or `undefined` when it is not. */
  resolvePackage(name: string): PackageLocation | undefined;
  /** Loads a package as hftool would; throws what loading throws. */
  loadPackage(name: string): Promise<unknown>;
  /** Whether a process with this id runs on this machine. */
  isProcessAlive(pid: number): boolean;
}
