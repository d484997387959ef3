import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { LookupFunction } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTempHome, writeStubProgram, type StubBehaviour, type TempHome } from "@hftool/test-utils";
import {
  createDoctorEnvironment,
  type CreateDoctorEnvironmentParams,
} from "../../src/environment/create-doctor-environment.js";
import type { DoctorEnvironment } from "../../src/environment/doctor-environment.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** A captured real-world output from test/fixtures. */
export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

/**
 * A throwaway machine: temp HOME and cwd, an empty PATH folder to put stub programs in, and empty
 * /proc and /sys roots. Nothing of the developer's machine (PATH, HF_*, real GPUs) leaks in.
 */
export interface FakeMachine extends TempHome {
  bin: string;
  proc: string;
  sys: string;
  /** Writes a shell-script stub; `byArgs` answers differently when the arguments contain a pattern. */
  stub(name: string, behaviour: StubBehaviour, byArgs?: Record<string, StubBehaviour>): string;
  /** Writes a file under the fake machine's root (creating folders). */
  write(path: string, content: string): string;
  environment(overrides?: CreateDoctorEnvironmentParams): DoctorEnvironment;
}

/**
 * Resolves `localhost` and `*.localhost` to 127.0.0.1 and nothing else (ENOTFOUND, as getaddrinfo
 * answers for `.invalid` names), so no test ever asks a real DNS server.
 */
export const loopbackLookup = ((hostname: string, options: unknown, callback?: unknown) => {
  const cb = (typeof options === "function" ? options : callback) as (
    error: NodeJS.ErrnoException | null,
    address?: string | { address: string; family: number }[],
    family?: number,
  ) => void;
  const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all === true;
  queueMicrotask(() => {
    if (hostname === "localhost" || hostname.endsWith(".localhost")) {
      if (all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
      else cb(null, "127.0.0.1", 4);
      return;
    }
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: "ENOTFOUND",
      errno: -3008,
      syscall: "getaddrinfo",
      hostname,
    });
    cb(error);
  });
}) as LookupFunction;

export function createFakeMachine(): FakeMachine {
  const home = createTempHome("hftool-doctor-test-");
  const bin = join(home.root, "bin");
  const proc = join(home.root, "proc");
  const sys = join(home.root, "sys");
  for (const dir of [bin, proc, sys]) mkdirSync(dir, { recursive: true });
  // Only the stubs: the real PATH could hold a real nvidia-smi or ffmpeg.
  home.env.PATH = bin;
  delete home.env.LD_LIBRARY_PATH;
  for (const key of Object.keys(home.env)) {
    if (/_proxy$/i.test(key) || key === "ONNXRUNTIME_NODE_INSTALL") delete home.env[key];
  }
  return {
    ...home,
    bin,
    proc,
    sys,
    stub(name, behaviour, byArgs = {}) {
      return writeStubProgram({ dir: bin, name, behaviour, byArgs });
    },
    write(path, content) {
      const full = join(home.root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
    environment(overrides = {}) {
      return createDoctorEnvironment({
        env: home.env,
        platform: "linux",
        homeDir: home.home,
        cwd: home.cwd,
        procRoot: proc,
        sysRoot: sys,
        lookup: loopbackLookup,
        ...overrides,
      });
    },
  };
}
