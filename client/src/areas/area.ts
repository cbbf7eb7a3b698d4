import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/zh-CN';
import type { Permission } from '../api/permissions';

/**
 * A link in the top menu (or, with `settings`, under the Settings menu); `order` sorts entries from every area.
 * `permission`, when given, shows the entry only to people who hold it (the API refuses the others anyway).
 */
export interface MenuEntry {
  path: string;
  label: MessageKey;
  order: number;
  permission?: Permission;
}

/** The entries a person holding these permissions may open. */
export const visibleTo = (entries: MenuEntry[], permissions: readonly string[]) =>
  entries.filter((e) => !e.permission || permissions.includes(e.permission));

/** One part of the staff app: its routes and its menu entries. Each area owns its file, so areas grow independently. */
export interface Area {
  routes: { path: string; element: ReactNode }[];
  menu?: MenuEntry[];
  settings?: MenuEntry[];
}
