import { describe, expect, it } from 'vitest';
import { MAX_POLICY_CHARS, type PolicyAnswers, type PolicySummary, type SitePolicies } from '../../../protocol/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { ORIGIN, SITE } from '../../testing.ts';
import { AGENT, CONSOLE_ORIGIN, consoleTestApp, OWNER } from './testing.ts';

const POLICY = `# Personvernerklæring for Sykkelbutikken

## Hvor lenge lagrer vi opplysningene?

Ordrehistorikk lagres i fem år fordi bokføringsloven krever det. Nyhetsbrevlisten slettes når du melder deg av.

## Dine rettigheter

Du kan be om innsyn, retting og sletting. Skriv til personvern@sykkel.example.
`;

describe.each(backends)('a site\'s policy in the console on $name', (backend) => {
  it('lets an owner save a policy that the chat then answers from, and shows it to everyone signed in', async () => {
    const t = await consoleTestApp({ backend });
    const owner = await t.signIn(OWNER);
    const ask = async () => {
      const res = await t.app.request(`/v1/sites/${SITE}/answers`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ lang: 'nb', question: 'hvor lenge lagrer dere ordrehistorikk?' }) });
      return ((await res.json()) as PolicyAnswers).answers;
    };
    expect(await ask()).toEqual([]);

    const put = await t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: owner, body: { markdown: POLICY } });
    expect(put.status).toBe(200);
    const saved = (await put.json()) as PolicySummary;
    expect(saved).toMatchObject({ lang: 'nb', title: 'Personvernerklæring for Sykkelbutikken', sections: 2, url: `${CONSOLE_ORIGIN}/policy/${SITE}/nb`, version: '2024-02-11' });

    const answers = await ask();
    expect(answers[0]?.title).toBe('Hvor lenge lagrer vi opplysningene?');
    expect(answers[0]?.url).toBe(`${CONSOLE_ORIGIN}/policy/${SITE}/nb#hvor-lenge-lagrer-vi-opplysningene`);
    // The server publishes it too, where the answers link.
    const page = await t.app.request(`/policy/${SITE}/nb`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('bokføringsloven');

    const agent = await t.signIn(AGENT);
    const listed = (await (await t.request(`/console/api/sites/${SITE}/policies`, { session: agent })).json()) as SitePolicies;
    expect(listed.policies.map((p) => [p.lang, p.markdown])).toEqual([['nb', POLICY]]);
    expect(listed.currentVersion).toBe('2024-02-11');
    expect(listed.published.en).toBe(`${CONSOLE_ORIGIN}/policy/${SITE}/en`);
    // Only owners replace it; the refusal changes nothing.
    expect((await t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: agent, body: { markdown: '# Annet\n\n## X\n\ny.' } })).status).toBe(403);
    expect((await t.store.getPolicy(SITE, 'nb'))?.markdown).toBe(POLICY);

    const trail = await t.store.listAudit({ target: `site:${SITE}` });
    expect(trail.map((a) => [a.action, a.detail])).toContainEqual(['site.policy', { lang: 'nb', characters: POLICY.length, sections: 2 }]);
  });

  it('links answers to the site\'s own page when given, and replaces an earlier text', async () => {
    const t = await consoleTestApp({ backend });
    const owner = await t.signIn(OWNER);
    await t.request(`/console/api/sites/${SITE}/policies/en`, { method: 'PUT', session: owner, body: { markdown: '# Old\n\n## Old part\n\nOld text.' } });
    const res = await t.request(`/console/api/sites/${SITE}/policies/en`, { method: 'PUT', session: owner, body: { markdown: '# Privacy\n\n## Cookies\n\nWe use few cookies.', url: 'https://shop.example.no/privacy' } });
    expect(res.status).toBe(200);
    expect(await t.store.getPolicy(SITE, 'en')).toMatchObject({ markdown: '# Privacy\n\n## Cookies\n\nWe use few cookies.', url: 'https://shop.example.no/privacy' });
  });

  it('refuses what the chat could not use with a message naming the problem, and keeps the text it had', async () => {
    const t = await consoleTestApp({ backend });
    const owner = await t.signIn(OWNER);
    await t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: owner, body: { markdown: POLICY } });
    const put = (body: unknown, path = `/console/api/sites/${SITE}/policies/nb`) => t.request(path, { method: 'PUT', session: owner, body });

    const cases: [unknown, number, string, string?][] = [
      [{ markdown: 'Bare tekst uten overskrifter.' }, 422, 'policy_without_sections'],
      [{ markdown: '   \n ' }, 400, 'validation_failed', 'markdown'],
      [{ markdown: '# A\n\n## B\n\nNUL \u0000 her.' }, 400, 'validation_failed', 'markdown'],
      [{ markdown: `# A\n\n## B\n\n${'x'.repeat(MAX_POLICY_CHARS)}` }, 400, 'validation_failed', 'markdown'],
      [{ markdown: POLICY, url: 'javascript:alert(1)' }, 400, 'validation_failed', 'url'],
      [{ markdown: POLICY, extra: true }, 400, 'validation_failed'],
      [undefined, 400, 'validation_failed'],
    ];
    for (const [body, status, error, path] of cases) {
      const res = await put(body ?? 'not json');
      expect(res.status, JSON.stringify(body)?.slice(0, 80)).toBe(status);
      const answer = (await res.json()) as { error: string; message: string; issues?: { path: string }[] };
      expect(answer.error).toBe(error);
      expect(answer.message.length).toBeGreaterThan(10);
      if (path) expect(answer.issues?.map((i) => i.path)).toContain(path);
    }
    expect((await put({ markdown: POLICY }, `/console/api/sites/${SITE}/policies/de`)).status).toBe(404);
    expect((await put({ markdown: POLICY }, '/console/api/sites/pk_no_such_site/policies/nb')).status).toBe(404);
    expect((await t.store.getPolicy(SITE, 'nb'))?.markdown).toBe(POLICY);
  });

  it('takes a policy far larger than other console bodies (up to its own limit), and answers 413 beyond that', async () => {
    const t = await consoleTestApp({ backend });
    const owner = await t.signIn(OWNER);
    // About 95,000 characters with æøå: more than the 64 KiB every other console body may be.
    const part = (i: number) => `## Del ${i}\n\nVi behandler opplysninger om kunder, leverandører og ansatte på en trygg måte, og sletter dem når formålet er nådd. Æ ø å.\n\n`;
    const big = `# Stor erklæring\n\n${Array.from({ length: 640 }, (_, i) => part(i)).join('')}`;
    expect(big.length).toBeLessThan(MAX_POLICY_CHARS);
    expect(new TextEncoder().encode(JSON.stringify({ markdown: big })).length).toBeGreaterThan(64 * 1024);
    const res = await t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: owner, body: { markdown: big } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as PolicySummary).sections).toBe(640);
    const tooBig = await t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: owner, body: { markdown: 'æ'.repeat(200_000) } });
    expect(tooBig.status).toBe(413);
    // Other console bodies keep their 64 KiB.
    const other = await t.request(`/console/api/sites/${SITE}/console-settings`, { method: 'PUT', session: owner, body: { digestEmail: null, digestWebhook: null, pad: 'x'.repeat(70 * 1024) } });
    expect(other.status).toBe(413);
  });
});
