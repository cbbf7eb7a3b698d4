// Single sign-on from a person's chair, against an OpenID Connect provider on loopback (e2e/oidc-provider.mjs), with
// password sign-in kept for the break-glass admin only: the sign-in page offers the provider's button and hides the
// password form; one click and the person is in, created on first sign-in; the audit log shows the sign-in. A person
// the provider has not verified comes back to the sign-in page with the reason.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startHost } from './host.mjs';
import { artifacts, launch, watchConsole } from './browser.mjs';
import { apiSession } from './session.mjs';
import { clientId, clientSecret, startProvider } from './oidc-provider.mjs';

let provider, host, browser, api;
before(async () => {
  provider = await startProvider({ sub: 'wx-1001', email: 'zhou.jie@example.com', name: '周杰', preferred_username: 'zhou.jie', email_verified: true });
  Object.assign(process.env, {
    Oidc__Authority: provider.url, Oidc__ClientId: clientId, Oidc__ClientSecret: clientSecret, Oidc__RequireHttpsMetadata: 'false',
    Oidc__DisplayName: '企业微信', Auth__LocalPasswords: 'BreakGlassOnly',
  });
  host = await startHost();
  browser = await launch();
  api = await apiSession(host.url); // the break-glass admin
});
after(async () => { await browser?.close(); await host?.stop(); await provider?.stop(); });

test('a person signs in with the company account in one click and the audit log shows it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watchConsole(page);
  await page.goto(`${host.url}/login`);
  await page.evaluate(() => localStorage.setItem('csm.language', 'zh-CN'));
  await page.goto(`${host.url}/tickets`);
  const button = page.getByRole('link', { name: '使用 企业微信 登录' });
  await button.waitFor();
  assert.equal(await page.getByLabel('密码').count(), 0, 'passwords are for the break-glass admin only');
  await page.getByRole('button', { name: '管理员使用密码登录' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'sso-login-zh.png') });

  await button.click();
  await page.waitForURL((u) => u.pathname === '/tickets');
  await page.getByText('周杰').waitFor();
  const signIns = await api('GET', '/api/audit?action=signIn.succeeded');
  assert.ok(signIns.items.some((e) => e.actor === 'zhou.jie' && e.after.method === 'sso'), 'the sign-in is in the audit log');
  const created = await api('GET', '/api/audit?action=user.created');
  assert.deepEqual(created.items.map((e) => [e.actor, e.after.userName, e.after.roles]), [['sso', 'zhou.jie', ['agent']]]);
  assert.deepEqual(problems, [], 'no console errors or warnings');
  await page.close();
});

test('a person the provider has not verified comes back to the sign-in page with the reason', async () => {
  provider.person = { sub: 'wx-1002', email: 'unverified@example.com', email_verified: false };
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${host.url}/login`);
  await page.evaluate(() => localStorage.setItem('csm.language', 'en'));
  await page.goto(`${host.url}/login`);
  await page.getByRole('link', { name: 'Sign in with 企业微信' }).click();
  await page.waitForURL((u) => u.pathname === '/login' && u.search === '?sso=failed');
  await page.getByText('Single sign-on did not succeed').waitFor();
  const failed = await api('GET', '/api/audit?action=signIn.failed');
  assert.ok(failed.items.some((e) => e.after.reason === 'the provider has not verified the e-mail address'));
  await page.close();
});
