import type { CheckContext } from "../../types.js";

/** Apple silicon facts, or `undefined` off macOS. */
export interface AppleProbe {
  /** The chip (`Apple M2 Pro`), when sysctl names it. */
  chip: string | undefined;
  appleSilicon: boolean;
  /** An x64 Node running under Rosetta 2 on Apple silicon: slow, and no CoreML/Metal for it. */
  rosetta: boolean;
  /** Unified memory shared by CPU and GPU, in bytes. */
  memoryBytes: number;
}

export async function probeApple({ environment, signal }: CheckContext): Promise<AppleProbe | undefined> {
  if (environment.platform !== "darwin") return undefined;
  const sysctl = async (name: string) => {
    const result = await environment.runCommand("sysctl", ["-n", name], { timeoutMs: 2000, signal });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  };
  const [chip, translated] = await Promise.all([
    sysctl("machdep.cpu.brand_string"),
    environment.arch === "x64" ? sysctl("sysctl.proc_translated") : Promise.resolve(undefined),
  ]);
  const rosetta = translated === "1";
  return {
    chip,
    appleSilicon: environment.arch === "arm64" || rosetta,
    rosetta,
    memoryBytes: environment.totalMemoryBytes,
  };
}
