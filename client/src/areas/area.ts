import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/zh-CN';

/** A link in the top menu (or, with `settings`, under the Settings menu); `order` sorts entries from every area. */
export interface MenuEntry {
  path: string;
  label: MessageKey;
  order: number;
}

/** One part of the staff app: its routes and its menu entries. Each area owns its file, so areas grow independently. */
export interface Area {
  routes: { path: string; element: ReactNode }[];
  menu?: MenuEntry[];
  settings?: MenuEntry[];
}
