import type { Area } from './area';

// The feedback area: pages live under src/pages/feedback/ and load on demand (lazy imports here).
export const feedback: Area = {
  routes: [],
  menu: [],
  settings: [],
};
