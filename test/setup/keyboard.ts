import type { Page } from 'playwright-core';

/** What has the focus, as `tag:label` (a field's label, else its aria-label or text), or `body` when nothing has. */
export const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLInputElement | null;
  return !el || el === document.body ? 'body' : `${el.tagName.toLowerCase()}:${(el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}`;
});

/** Presses Tab until the focused element's label starts with `name` (or matches it), as a keyboard user would. */
export async function tabTo(page: Page, name: string | RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const text = (await focused(page)).replace(/^\w+:/, '');
    if (typeof name === 'string' ? text.startsWith(name) : name.test(text)) return;
  }
  throw new Error(`could not reach "${name}" with the keyboard`);
}

/** Signs in on the console's sign-in page by keyboard alone: the address field, Tab, the password, Enter. */
export async function signInByKeyboard(page: Page, emailLabel: string, account: { email: string; password: string }): Promise<void> {
  await page.getByLabel(emailLabel).focus();
  await page.keyboard.type(account.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
}
