/**
 * GPT-2's reversible byte → character table, which CLIP's BPE also uses: printable Latin-1 bytes
 * map to themselves, the other 68 bytes to code points from U+0100 upward, so every byte string
 * becomes a string of visible characters that BPE merges can work on.
 */
export function bytesToUnicode(): readonly string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table = new Array<string>(256);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = printable.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + next++);
  }
  return table;
}
