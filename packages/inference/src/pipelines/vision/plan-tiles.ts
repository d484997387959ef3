/** One tile along an axis: the span the model reads, and the part of it that is kept. */
export interface TileSpan {
  /** What the model reads: [start, end). */
  start: number;
  end: number;
  /** What of its output is kept: [keepStart, keepEnd), inside [start, end). */
  keepStart: number;
  keepEnd: number;
}

/**
 * Cuts an axis of `length` pixels into tiles of at most `tile` pixels that overlap by `overlap`
 * on each inner side, so every pixel is kept from a tile that saw `overlap` pixels of context
 * around it (no seams where the tiles meet). `tile` ≤ 0, or a length that fits, gives one tile.
 */
export function planTiles(length: number, tile: number, overlap: number): TileSpan[] {
  if (tile <= 0 || length <= tile) return [{ start: 0, end: length, keepStart: 0, keepEnd: length }];
  const margin = Math.max(0, Math.min(overlap, Math.floor((tile - 1) / 2)));
  const core = tile - 2 * margin;
  const spans: TileSpan[] = [];
  for (let keepStart = 0; keepStart < length; keepStart += core) {
    const keepEnd = Math.min(length, keepStart + core);
    let start = Math.max(0, keepStart - margin);
    let end = Math.min(length, keepEnd + margin);
    // edge tiles borrow the context they cannot have on the outside from the inside
    if (end - start < tile) {
      if (start === 0) end = Math.min(length, start + tile);
      else if (end === length) start = Math.max(0, end - tile);
    }
    spans.push({ start, end, keepStart, keepEnd });
  }
  return spans;
}
