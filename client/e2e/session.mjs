// Signs in through the login page as a person would (the first admin, or a user created over the API).
import { adminPassword } from './host.mjs';

export async function signIn(page, url, { path = '/', user = 'admin', password = adminPassword, language = 'zh-CN' } = {}) {
  // Chosen once, as a person would have chosen it before: the switch in the header still changes it afterwards.
  await page.goto(`${url}/login`);
  await page.evaluate((lang) => localStorage.setItem('csm.language', lang), language);
  await page.goto(`${url}${path}`);
  const zh = language === 'zh-CN';
  await page.getByLabel(zh ? '用户名' : 'User name').fill(user);
  await page.getByLabel(zh ? '密码' : 'Password').fill(password);
  await page.getByRole('button', { name: zh ? /登\s?录/ : 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A signed-in API session for arranging data before a browser step (cookie auth, same as the SPA). */
export async function apiSession(url, user = 'admin', password = adminPassword) {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: user, password }) });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method, path, body) => {
    const response = await fetch(`${url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const data = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return data;
  };
}

/** Waits until the question answers something truthy (the host's jobs, outbox and sender run on their own clocks). */
export async function eventually(question, what, seconds = 120) {
  for (let i = 0; i < seconds * 2; i++) {
    const answer = await question();
    if (answer) return answer;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}
