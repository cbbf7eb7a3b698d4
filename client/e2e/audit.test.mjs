// The audit log from an admin's chair: an admin makes an agent a manager; someone tries the agent's account with a
// wrong password. Under Settings → Audit log the admin finds both, opens the role change and reads the roles before
// and after; the sign-ins filter shows the failed attempt with the name tried. A manager has no such menu entry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession, signIn } from './session.mjs';
import { choose, openSubmenu } from './ui.mjs';

let host, browser, api;
before(async () => {
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url);
});
after(async () => { await browser?.close(); await host?.stop(); });

test('an admin reads who changed a role, before and after, and a failed sign-in with the name tried', async () => {
  const user = await api('POST', '/api/users', { userName: 'wu.min', displayName: '吴敏', password: 'Agent-Pa55word!', roles: ['agent'] });
  await api('PUT', `/api/users/${user.id}`, { displayName: '吴敏', roles: ['manager'], isActive: true, version: user.version });
  const refused = await fetch(`${host.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'wu.min', password: 'not-the-password' }),
  });
  assert.equal(refused.status, 401);

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchConsole(page);
  await signIn(page, host.url, { language: 'en' });
  await (await openSubmenu(page, 'Settings', 'Audit log')).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();

  const change = page.getByRole('row').filter({ hasText: 'User changed' }).filter({ hasText: `user ${user.id}` });
  await change.waitFor();
  assert.match(await change.innerText(), /admin[\s\S]*User changed[\s\S]*roles/);
  await change.getByRole('button', { name: /expand row/i }).click();
  const roles = page.getByRole('row').filter({ hasText: /^roles/ });
  await roles.first().waitFor();
  assert.match(await roles.first().innerText(), /\["agent"\][\s\S]*\["manager"\]/);
  await page.screenshot({ path: join(artifacts, 'audit-en.png'), fullPage: true });

  await choose(page, 'Action', 'Sign-ins');
  const failed = page.getByRole('row').filter({ hasText: 'Sign-in failed' }).filter({ hasText: 'wu.min' });
  await failed.waitFor();
  assert.equal(await page.getByRole('row').filter({ hasText: 'User changed' }).count(), 0, 'the filter shows sign-ins only');
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();

  const manager = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(manager, host.url, { user: 'wu.min', password: 'Agent-Pa55word!', language: 'en' });
  await openSubmenu(manager, 'Settings', 'Outbound messages');
  assert.equal(await manager.getByRole('menuitem', { name: 'Audit log' }).count(), 0);
  await manager.close();
});
