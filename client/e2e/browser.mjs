// Debian's chromium driven by playwright-core (no browser download on these machines).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const artifacts = new URL('./artifacts/', import.meta.url).pathname;

export async function launch() {
  const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser']).toString().trim();
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Fails the test on any console error or warning the page prints. */
export function watchConsole(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Loads axe-core into the page for an accessibility audit, once the page's transitions have finished. Csm's Content-Security-Policy refuses inline scripts, so
 * axe is evaluated through the browser's debugging protocol, which the policy does not govern, not added as a tag.
 */
export async function injectAxe(page) {
  // Colours are checked as they end up: a menu item still fading to its selected colour is not a contrast failure.
  await page.waitForFunction(() => document.getAnimations()
    .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  await page.evaluate(axeSource);
}
