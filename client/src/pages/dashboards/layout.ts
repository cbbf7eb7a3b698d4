// A dashboard's grid: tiles placed by column (x, w of 12) and row (y, h); moving and resizing snap to whole cells.
export const columns = 12;
export const rowHeight = 64;
export const gap = 16;
export const maxHeight = 12;

export interface Placed { x: number; y: number; w: number; h: number }

const clamp = (v: number, low: number, high: number) => Math.min(high, Math.max(low, v));

/** The tile moved by whole cells, kept inside the grid's columns and above its top. */
export function moved<T extends Placed>(tile: T, dx: number, dy: number): T {
  return { ...tile, x: clamp(tile.x + dx, 0, columns - tile.w), y: Math.max(0, tile.y + dy) };
}

/** The tile resized by whole cells: at least one cell, at most the columns left of it and the tallest a tile may be. */
export function resized<T extends Placed>(tile: T, dw: number, dh: number): T {
  return { ...tile, w: clamp(tile.w + dw, 1, columns - tile.x), h: clamp(tile.h + dh, 1, maxHeight) };
}

/** Pixels dragged into whole cells of a grid this wide. */
export function cells(dxPx: number, dyPx: number, widthPx: number): { dx: number; dy: number } {
  const column = (widthPx + gap) / columns;
  return { dx: Math.round(dxPx / column) || 0, dy: Math.round(dyPx / (rowHeight + gap)) || 0 };
}

/** Where a new tile goes: under everything, at the left. */
export function below(tiles: Placed[], w: number, h: number): Placed {
  return { x: 0, y: tiles.reduce((bottom, t) => Math.max(bottom, t.y + t.h), 0), w, h };
}
