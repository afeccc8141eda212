import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const SITE = 'pk_demo_nettfokus';
const OWNER = { email: 'eier@nettfokus.example', password: 'et-langt-passord-for-eieren' };

// What the outside attack published: links that, clicked by signed-in staff, act as them on the console's origin.
const ATTACK = `# Personvernerklæring

## Vilkår

Les [vilkårene våre](javascript:window.__pwned='plain';fetch('/console/api/me')) før du sender inn skjemaet.
Se også [vedlegget](jav&#97;script:window.__pwned='entity') og [kopien](JaVaScRiPt&colon;window.__pwned='colon').
Spørsmål? [Skriv til oss](mailto:personvern@nettfokus.example).
`;

/** Records CSP violations and every console API request the page makes, from before its first script. */
async function watch(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const apiCalls: string[] = [];
  page.on('request', (r) => new URL(r.url()).pathname.startsWith('/console/api') && apiCalls.push(r.url()));
  return {
    apiCalls,
    violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    pwned: () => page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
  };
}

describe('a published policy with script links', () => {
  const e2e = realBrowserAndServer();
  beforeAll(async () => {
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await e2e.server.store.createAccount({ email: OWNER.email, role: 'owner', passwordHash: await passwords.hash(OWNER.password) });
    await e2e.server.store.putPolicy({ site: SITE, lang: 'nb', markdown: ATTACK, url: `${e2e.server.url}/policy/${SITE}/nb`, version: '2024-02-11' });
  });

  it('runs nothing when signed-in staff click them, and the page\'s CSP reports a script link that got through', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    // Staff signed in to the console in this browser: the session cookie goes with any same-origin request.
    await page.goto(`${e2e.server.url}/console`);
    await page.getByLabel('E-postadresse').fill(OWNER.email);
    await page.getByLabel('Passord').fill(OWNER.password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();

    const seen = await watch(page);
    const res = await page.goto(`${e2e.server.url}/policy/${SITE}/nb`);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'none'");

    // The renderer: each script link is plain text, the mailto link stays a link.
    expect(await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['mailto:personvern@nettfokus.example', '/']);
    for (const text of ['vilkårene våre', 'vedlegget', 'kopien']) await page.getByText(text, { exact: false }).first().click();
    expect(await seen.pwned()).toBeUndefined();

    // The CSP, on its own: a script link the renderer had missed (put there by hand) does not run and is reported.
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = "javascript:window.__pwned='csp';fetch('/console/api/me')";
      a.textContent = 'innsmuglet lenke';
      document.querySelector('main')!.append(a);
    });
    await page.getByText('innsmuglet lenke').click();
    const violations = await eventually(async () => ((await seen.violations()).length ? seen.violations() : undefined));
    expect(violations.some((v) => /^script-src/.test(v))).toBe(true);
    expect(await seen.pwned()).toBeUndefined();
    expect(seen.apiCalls).toEqual([]);
    await context.close();
  });
});
