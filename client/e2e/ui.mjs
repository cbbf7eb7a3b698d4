// Small helpers every e2e step uses: the page's language, and picking options of Ant Design selects.

/** The language the app shows: what the header switch last chose ('en'), else Chinese ('zh-CN'). */
export async function pageLanguage(page) {
  return (await page.evaluate(() => localStorage.getItem('csm.language'))) === 'en' ? 'en' : 'zh-CN';
}

const dropdownsClosed = (page) => page.waitForFunction(
  () => ![...document.querySelectorAll('.ant-select-dropdown')].some((d) => d.checkVisibility()), null, { timeout: 5000 });

/** Lets the open list close before the next one opens, or the closing one is found instead (Escape if it stays open). */
async function closeDropdowns(page) {
  await dropdownsClosed(page).catch(async () => { await page.keyboard.press('Escape'); await dropdownsClosed(page); });
}

/**
 * Picks `option` in the select labelled `label` (within `scope`) the way a person does: open, click the option, and look
 * that the select now shows it. A click that lands while a drawer or dialog is still sliding in can miss the option
 * (the list moves under the pointer); a person would simply pick again, and so does this, up to three times.
 */
async function pickUntilShown(page, label, option, scope, multiple) {
  const control = scope.getByLabel(label, { exact: true });
  const select = scope.locator('.ant-select', { has: page.getByLabel(label, { exact: true }) }).first();
  for (let attempt = 1; ; attempt++) {
    await control.click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
    if (multiple) await page.keyboard.press('Escape');
    await closeDropdowns(page);
    const shown = await select.innerText();
    if (typeof option !== 'string' || shown.includes(option)) return;
    if (attempt === 3) throw new Error(`the select "${label}" shows "${shown}" after choosing "${option}" three times`);
    console.log(`# the select "${label}" shows "${shown}" after choosing "${option}" (attempt ${attempt}); picking again`);
  }
}

/** Picks one option of a single select. */
export async function choose(page, label, option, scope = page) {
  await pickUntilShown(page, label, option, scope, false);
}

/** Adds one option to a multiple select (tags stay open after a click, so Escape closes the list). */
export async function chooseAlso(page, label, option, scope = page) {
  await pickUntilShown(page, label, option, scope, true);
}

/**
 * Opens the header submenu `group` and waits for its entry `item`, the way a person would: hover, and hover again if
 * the submenu closed. The menu is drawn again once the person's roles arrive, which can close a submenu opened a
 * moment before (seen under CI load). Returns the entry's locator, visible.
 */
export async function openSubmenu(page, group, item) {
  const entry = page.getByRole('menuitem', { name: item });
  for (let attempt = 0; attempt < 5 && !(await entry.isVisible()); attempt++) {
    if (attempt > 0) await page.mouse.move(700, 600);
    await page.getByRole('menuitem', { name: group }).hover();
    await entry.waitFor({ timeout: 5_000 }).catch(() => {});
  }
  await entry.waitFor();
  return entry;
}
