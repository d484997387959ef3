/**
 * Hidden `hftool __complete WORDS…`: answers shell completion requests.
 * Filled in by @hftool/completion; until then it offers nothing and lets the shell complete files.
 */
export async function complete(_words: readonly string[]): Promise<number> {
  process.stdout.write(":0\n");
  return 0;
}
