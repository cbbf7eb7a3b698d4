import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { Button } from 'antd';
import { useI18n } from '../../i18n';
import { cells, columns, gap, moved, resized, rowHeight, type Placed } from './layout';

type Edit = 'move' | 'resize';

/**
 * Tiles on a 12-column grid. While editing, each tile's handle drags it (or moves it a cell per arrow key) and its corner
 * resizes it; the layout snaps to whole cells as the pointer moves.
 */
export function Grid<T extends Placed & { kind?: string }>({ tiles, editing, onChange, render, onRemove }: {
  tiles: T[]; editing: boolean; onChange: (tiles: T[]) => void; render: (tile: T) => ReactNode; onRemove: (index: number) => void;
}) {
  const { t } = useI18n();
  const grid = useRef<HTMLDivElement>(null);
  const drag = useRef<{ index: number; edit: Edit; startX: number; startY: number; from: T } | null>(null);

  const change = (index: number, next: T) => onChange(tiles.map((tile, i) => (i === index ? next : tile)));
  const start = (index: number, edit: Edit) => (e: PointerEvent<HTMLElement>) => {
    e.preventDefault();
    (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
    drag.current = { index, edit, startX: e.clientX, startY: e.clientY, from: tiles[index] };
  };
  const move = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || !grid.current) return;
    const { dx, dy } = cells(e.clientX - d.startX, e.clientY - d.startY, grid.current.clientWidth);
    const next = d.edit === 'move' ? moved(d.from, dx, dy) : resized(d.from, dx, dy);
    const now = tiles[d.index];
    if (next.x !== now.x || next.y !== now.y || next.w !== now.w || next.h !== now.h) change(d.index, next);
  };
  const end = () => { drag.current = null; };
  const keys = (index: number, edit: Edit) => (e: KeyboardEvent<HTMLElement>) => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!step) return;
    e.preventDefault();
    change(index, edit === 'move' ? moved(tiles[index], step[0], step[1]) : resized(tiles[index], step[0], step[1]));
  };

  return (
    <div
      ref={grid} data-testid="dashboard-grid"
      style={{ display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridAutoRows: rowHeight, gap }}
    >
      {tiles.map((tile, i) => (
        <div
          // Focusable: a tile's content may scroll, and the keyboard must reach it.
          key={i} tabIndex={0} data-tile={tile.kind} data-x={tile.x} data-y={tile.y} data-w={tile.w} data-h={tile.h}
          style={{
            gridColumn: `${tile.x + 1} / span ${tile.w}`, gridRow: `${tile.y + 1} / span ${tile.h}`, position: 'relative', minWidth: 0,
            overflow: 'auto', outline: editing ? '2px dashed #2563eb' : undefined, borderRadius: 8,
          }}
        >
          {editing && (
            <div style={{ display: 'flex', gap: 4, padding: 4, background: '#eff6ff', position: 'sticky', top: 0, zIndex: 2 }}>
              <Button
                size="small" data-handle="move" style={{ flex: 1, cursor: 'move', touchAction: 'none' }}
                aria-label={`${t(`dashboards.kind.${tile.kind}` as never)}: ${t('dashboards.move', { n: i + 1 })}`} title={t('dashboards.moveHint')}
                onPointerDown={start(i, 'move')} onPointerMove={move} onPointerUp={end} onPointerCancel={end} onKeyDown={keys(i, 'move')}
              >{t(`dashboards.kind.${tile.kind}` as never)}</Button>
              <Button size="small" danger aria-label={t('dashboards.remove', { n: i + 1 })} onClick={() => onRemove(i)}>✕</Button>
            </div>
          )}
          {render(tile)}
          {editing && (
            <button
              type="button" data-handle="resize" aria-label={t('dashboards.resize', { n: i + 1 })} title={t('dashboards.resizeHint')}
              onPointerDown={start(i, 'resize')} onPointerMove={move} onPointerUp={end} onPointerCancel={end} onKeyDown={keys(i, 'resize')}
              style={{
                position: 'absolute', right: 2, bottom: 2, width: 22, height: 22, cursor: 'nwse-resize', touchAction: 'none', zIndex: 3,
                border: '1px solid #2563eb', background: '#fff', borderRadius: 4, padding: 0, color: '#1e3a8a',
              }}
            >◢</button>
          )}
        </div>
      ))}
    </div>
  );
}
