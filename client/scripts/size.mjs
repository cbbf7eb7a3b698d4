// Prints the gzipped JavaScript each entry loads first and fails when a budget is broken.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const out = '../src/Host/wwwroot';
const budgets = { 'index.html': 350 * 1024, 'survey.html': 80 * 1024, 'portal.html': 80 * 1024 };
const gz = (file) => gzipSync(readFileSync(join(out, file))).length;
let broken = false;

for (const [page, budget] of Object.entries(budgets)) {
  let html;
  try { html = readFileSync(join(out, page), 'utf8'); } catch { continue; }
  // The first route: the entry script and the chunks it preloads (lazy routes are not counted).
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const total = scripts.reduce((sum, s) => sum + gz(s), 0);
  const ok = total <= budget;
  broken ||= !ok;
  console.log(`${page}: ${(total / 1024).toFixed(1)} KB gzipped JS on first load (budget ${(budget / 1024).toFixed(0)} KB) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
// The feedback widget other sites load: plain JavaScript served by the Surveys module as it is.
const widget = gzipSync(readFileSync('../src/Modules/Surveys/Csm.Modules.Surveys/Widget/widget.js')).length;
broken ||= widget > 15 * 1024;
console.log(`widget.js: ${(widget / 1024).toFixed(1)} KB gzipped (budget 15 KB) ${widget <= 15 * 1024 ? 'ok' : 'OVER BUDGET'}`);
const lazy = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js'));
console.log(`${lazy.length} JS chunks in all, ${(lazy.reduce((s, f) => s + gz(join('assets', f)), 0) / 1024).toFixed(1)} KB gzipped`);
process.exit(broken ? 1 : 0);
