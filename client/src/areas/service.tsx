import type { Area } from './area';

// The service area: pages live under src/pages/service/ and load on demand (lazy imports here).
export const service: Area = {
  routes: [],
  menu: [],
  settings: [],
};
