import type { Area } from './area';

// The reports area: pages live under src/pages/reports/ and load on demand (lazy imports here).
export const reports: Area = {
  routes: [],
  menu: [],
  settings: [],
};
