// Journey steps of the feedback area, done by clicking as a manager would, in whichever language the page shows.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts } from '../browser.mjs';
import { choose, pageLanguage } from '../ui.mjs';

const language = async (page) => ((await pageLanguage(page)) === 'en' ? 'en' : 'zh');

/** Two-character Chinese button names match with or without a space (antd spaces them by default; the app turns it off). */
const button = (page, name) => page.getByRole('button', { name, exact: false });


/**
 * Creates an after-service NPS survey (with the "why?" for detractors) that is e-mailed right after a Repair ticket is
 * resolved, zero delay. Returns the survey's id.
 */
export async function setUpAfterServiceSurvey(page, url, { name = `After-service NPS ${Date.now()}` } = {}) {
  const lang = await language(page);
  await page.goto(`${url}/settings/surveys`);
  await button(page, /^(新建调查|New survey)$/).click();
  await page.getByLabel(/^(名称|Name)$/).fill(name);
  // A new survey starts as an after-service NPS: the score, and "why?" shown for 0–6.
  assert.equal(await page.getByTestId('survey-question').count(), 2);
  await page.getByText(/当 nps 得分 ≤ 6 时显示|Shown when nps is 6 or less/).waitFor();
  await button(page, /^(保存调查|Save survey)$/).click();
  await page.waitForURL(/\/settings\/surveys\/\d+$/);
  await page.getByTestId('survey-version').waitFor();
  const id = Number(new URL(page.url()).pathname.split('/').pop());

  const distribution = page.getByRole('form', { name: /添加发送方式|Add a distribution/ });
  await distribution.getByLabel(/工单解决后|After a resolved ticket/).check();
  // E-mail is the default channel.
  assert.match(await distribution.locator('.ant-select', { has: page.getByLabel(/^(渠道|Channel)$/) }).innerText(), /邮件|E-mail/);
  await choose(page, /^(工单类型|Ticket type)$/, 'Repair 维修');
  await page.getByLabel(/^(延迟（分钟）|Delay \(minutes\))$/).fill('0');
  await distribution.getByRole('button', { name: /^(添\s?加|Add)$/ }).click();
  const row = page.locator('.ant-table-row', { hasText: 'Repair 维修' });
  await row.waitFor();
  assert.match(await row.innerText(), /立即|immediately/);
  assert.match(await row.innerText(), /邮件|E-mail/);
  await page.screenshot({ path: join(artifacts, `survey-distribution-${lang}.png`), fullPage: true });
  return id;
}

/**
 * Creates a rule from the "VIP contract ends in 30 days" template, enables it, dry-runs it and checks that the
 * customer is listed with the why (days to contract end, value and threshold). Returns the rule's id.
 */
export async function enableRenewalRuleAndDryRun(page, url, expectedCustomerName) {
  const lang = await language(page);
  await page.goto(`${url}/rules`);
  await button(page, /^(从模板新建|New from template)$/).click();
  await page.getByRole('button', { name: /(使用模板|Use template).*(VIP 合同|VIP contract)/ }).click();
  await page.waitForURL(/\/rules\/\d+$/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByText(/距合同到期天数|Days to contract end/).first().waitFor();

  await page.getByRole('switch', { name: /^(启用|Enabled)$/ }).click();
  await button(page, /^(保\s?存|Save)$/).click();
  await page.locator('.ant-tag', { hasText: /^(已启用|Enabled)$/ }).waitFor();

  // The rules learn customers from the other modules' events a moment after they change: dry-run again until the customer shows.
  const row = page.getByTestId('dry-run').locator('.ant-table-row', { hasText: expectedCustomerName });
  for (let attempt = 1; ; attempt++) {
    // Not anchored: while a dry run is pending, antd's spinner adds "loading" to the button's name.
    await page.getByRole('button', { name: /试运行|Dry run/ }).first().click({ timeout: 60_000 });
    try {
      await row.waitFor({ timeout: 2000 });
      break;
    } catch (e) {
      if (attempt === 15) throw e;
    }
  }
  assert.match(await row.innerText(), /会触发|Would fire/);
  const why = await row.getByTestId('why').allInnerTexts();
  assert.ok(why.some((w) => /✓ (客户等级|Tier): vip/.test(w)), `the tier is part of the why: ${why}`);
  assert.ok(why.some((w) => /✓ (距合同到期天数|Days to contract end): \d+ \(.*daysToContractEnd ∈ 0 – 30\)/.test(w)), `days to contract end and the threshold: ${why}`);
  await page.screenshot({ path: join(artifacts, `rules-dry-run-${lang}.png`), fullPage: true });
  return id;
}
