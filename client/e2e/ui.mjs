// Small helpers every e2e step uses: the page's language, and picking an option of an Ant Design select.

/** The language the app shows: what the header switch last chose ('en'), else Chinese ('zh-CN'). */
export async function pageLanguage(page) {
  return (await page.evaluate(() => localStorage.getItem('csm.language'))) === 'en' ? 'en' : 'zh-CN';
}

/** Picks an option of an Ant Design select by the control's label (within `scope`), and waits for the list to close. */
export async function choose(page, label, option, scope = page) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  // Let the list close before the next one opens, or the closing one is found instead (Escape if it stays open).
  const closed = () => page.waitForFunction(() => ![...document.querySelectorAll('.ant-select-dropdown')].some((d) => d.checkVisibility()), null, { timeout: 5000 });
  await closed().catch(async () => { await page.keyboard.press('Escape'); await closed(); });
}
