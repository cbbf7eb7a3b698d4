import type { Area } from './area';

// The tickets area: pages live under src/pages/tickets/ and load on demand (lazy imports here).
export const tickets: Area = {
  routes: [],
  menu: [],
  settings: [],
};
