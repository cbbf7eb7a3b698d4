import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/zh-CN';

/**
 * A link in the top menu (or, with `settings`, under the Settings menu); `order` sorts entries from every area.
 * `roles`, when given, shows the entry only to people with one of them (the API refuses the others anyway).
 */
export interface MenuEntry {
  path: string;
  label: MessageKey;
  order: number;
  roles?: readonly string[];
}

/** The entries a person with these roles may open. */
export const visibleTo = (entries: MenuEntry[], roles: readonly string[]) =>
  entries.filter((e) => !e.roles || e.roles.some((r) => roles.includes(r)));

/** One part of the staff app: its routes and its menu entries. Each area owns its file, so areas grow independently. */
export interface Area {
  routes: { path: string; element: ReactNode }[];
  menu?: MenuEntry[];
  settings?: MenuEntry[];
}
