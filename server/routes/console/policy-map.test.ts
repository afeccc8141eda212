import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyAnswers, PolicyMapView } from '../../../protocol/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { ORIGIN, SITE, siteSettings } from '../../testing.ts';
import { AGENT, consoleTestApp, OWNER } from './testing.ts';

// The customer's own policy, plain text as pasted: no Markdown headings.
const CUSTOMER = fs.readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/policies/nettfokus.txt'), 'utf8');
const entry = (view: PolicyMapView, intent: string) => view.entries.find((e) => e.intent === intent)!;

describe.each(backends)('the policy map on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    const owner = await t.signIn(OWNER);
    const put = await t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: owner, body: { markdown: CUSTOMER } });
    expect(put.status).toBe(200);
    const map = async (session = owner) => (await (await t.request(`/console/api/sites/${SITE}/policies/nb/map?ui=nb`, { session })).json()) as PolicyMapView;
    const ask = async (question: string) => {
      const res = await t.app.request(`/v1/sites/${SITE}/answers`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ lang: 'nb', question }) });
      return ((await res.json()) as PolicyAnswers).answers;
    };
    const choose = (intent: string, body: unknown, method = 'PUT') => t.request(`/console/api/sites/${SITE}/policies/nb/map/${intent}`, { method, session: owner, ...(method === 'PUT' ? { body } : {}) });
    return { t, owner, map, ask, choose };
  }

  it('builds the map when a policy is saved, and shows each intent’s section, reply and gaps', async () => {
    const { t, map } = await setup();
    const stored = await t.store.getPolicyMap({ site: SITE, lang: 'nb', version: '2024-02-11' });
    expect(JSON.parse(stored!.map).sections.retention).toEqual(['hvor-lenge-tar-vi-vare-på-personopplysninger']);
    const agent = await t.signIn(AGENT);
    const view = await map(agent);
    expect(entry(view, 'retention')).toMatchObject({ source: 'found', sectionTitle: 'Hvor lenge tar vi vare på personopplysninger?', topic: 'hvor lenge opplysningene lagres' });
    expect(entry(view, 'retention').reply).toMatch(/^Personvernerklæringen oppgir denne fristen: 30 dager\./);
    expect(entry(view, 'rights').sectionTitle).toBe('Du har følgende rettigheter til personopplysningene dine');
    expect(entry(view, 'children')).toMatchObject({ source: 'gap', sectionId: null, reply: 'Personvernerklæringen sier ikke noe om barn. Vil du spørre et menneske? Velg «Snakk med et menneske».' });
  });

  it('uses the owner’s own answer or chosen section in the chat, for that policy version only', async () => {
    const { t, map, ask, choose } = await setup();
    expect((await choose('retention', { answer: 'Vi sletter kundedata 12 måneder etter siste kjøp.' })).status).toBe(200);
    const own = await ask('hvor lenge lagrer dere opplysningene mine?');
    expect(own[0]).toMatchObject({ excerpt: 'Vi sletter kundedata 12 måneder etter siste kjøp.', title: 'hvor lenge opplysningene lagres' });
    expect(entry(await map(), 'retention')).toMatchObject({ source: 'own', reply: 'Vi sletter kundedata 12 måneder etter siste kjøp.' });

    expect((await choose('contact', { sectionId: 'hvem-er-vi' })).status).toBe(200);
    expect((await ask('hvordan kontakter jeg dere om personvern?'))[0]?.sectionId).toBe('hvem-er-vi');
    expect(entry(await map(), 'contact')).toMatchObject({ source: 'chosen', sectionTitle: 'Hvem er vi?' });

    expect((await choose('contact', undefined, 'DELETE')).status).toBe(200);
    expect((await ask('hvordan kontakter jeg dere om personvern?'))[0]?.sectionId).toBe('kontakt-oss');

    // A new policy version starts from its own map: the choice was for the text it was made on.
    await t.store.upsertSite(siteSettings({ policy: { url: 'https://shop.example.no/personvern', version: '2025-01-01' } }));
    const owner = await t.signIn(OWNER);
    await t.request(`/console/api/sites/${SITE}/policies/nb`, { method: 'PUT', session: owner, body: { markdown: CUSTOMER } });
    expect((await ask('hvor lenge lagrer dere opplysningene mine?'))[0]?.sectionId).toBe('hvor-lenge-tar-vi-vare-på-personopplysninger');
  });

  it('refuses a bad choice with the problem named, and an agent’s choice', async () => {
    const { t, choose } = await setup();
    const cases: [string, unknown, number, string, string?][] = [
      ['retention', { sectionId: 'finnes-ikke' }, 400, 'validation_failed', 'sectionId'],
      ['retention', { answer: 'x'.repeat(601) }, 400, 'validation_failed', 'answer'],
      ['retention', { answer: 'ja', sectionId: 'hvem-er-vi' }, 400, 'validation_failed', 'answer'],
      ['retention', { answer: 'NUL \u0000' }, 400, 'validation_failed', 'answer'],
      ['no_such_intent', { answer: 'ja' }, 404, 'unknown_intent'],
    ];
    for (const [intent, body, status, error, field] of cases) {
      const res = await choose(intent, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      const json = await res.json();
      expect(json.error).toBe(error);
      if (field) expect(json.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    const agent = await t.signIn(AGENT);
    expect((await t.request(`/console/api/sites/${SITE}/policies/nb/map/retention`, { method: 'PUT', session: agent, body: { answer: 'ja' } })).status).toBe(403);
    expect(await t.store.getPolicyChoices({ site: SITE, lang: 'nb', version: '2024-02-11' })).toEqual({});
  });
});
