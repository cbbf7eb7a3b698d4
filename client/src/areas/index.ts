import type { Area, MenuEntry } from './area';
import { customers } from './customers';
import { tickets } from './tickets';
import { reports } from './reports';
import { service } from './service';
import { feedback } from './feedback';

export const areas: Area[] = [customers, tickets, reports, service, feedback];

const byOrder = (a: MenuEntry, b: MenuEntry) => a.order - b.order;
export const routes = areas.flatMap((a) => a.routes);
export const menu = areas.flatMap((a) => a.menu ?? []).sort(byOrder);
export const settingsMenu = areas.flatMap((a) => a.settings ?? []).sort(byOrder);

/** The menu entry a location belongs to: the longest path that prefixes it. */
export function selectedEntry(pathname: string): string | undefined {
  return [...menu, ...settingsMenu]
    .map((e) => e.path)
    .filter((p) => pathname === p || pathname.startsWith(p + '/'))
    .sort((a, b) => b.length - a.length)[0];
}
