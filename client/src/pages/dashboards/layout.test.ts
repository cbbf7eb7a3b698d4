import { describe, expect, it } from 'vitest';
import { below, cells, moved, resized } from './layout';

describe('the dashboard grid', () => {
  const tile = { kind: 'backlog', x: 4, y: 2, w: 4, h: 3 };

  it('moves a tile by whole cells and keeps it inside the twelve columns and below the top', () => {
    expect(moved(tile, 2, 1)).toMatchObject({ x: 6, y: 3, w: 4, h: 3, kind: 'backlog' });
    expect(moved(tile, 20, -10)).toMatchObject({ x: 8, y: 0 });
    expect(moved(tile, -9, 0)).toMatchObject({ x: 0 });
  });

  it('resizes a tile to at least one cell and no wider than the columns right of it', () => {
    expect(resized(tile, 2, 1)).toMatchObject({ x: 4, w: 6, h: 4 });
    expect(resized(tile, 10, 20)).toMatchObject({ w: 8, h: 12 });
    expect(resized(tile, -10, -10)).toMatchObject({ w: 1, h: 1 });
  });

  it('turns pixels into cells of the grid it was dragged on', () => {
    // 12 columns of 84px with 16px gaps: a column is 100px apart; a row 64 + 16 = 80px.
    expect(cells(210, 75, 1184)).toEqual({ dx: 2, dy: 1 });
    expect(cells(-40, -39, 1184)).toEqual({ dx: 0, dy: 0 });
  });

  it('puts a new tile under the others', () => {
    expect(below([tile, { x: 0, y: 0, w: 4, h: 7 }], 6, 3)).toEqual({ x: 0, y: 7, w: 6, h: 3 });
    expect(below([], 4, 3)).toEqual({ x: 0, y: 0, w: 4, h: 3 });
  });
});
