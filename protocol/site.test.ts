import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteSettings } from './site.ts';

describe('SiteSettings', () => {
  it('accepts the example in docs/, so the README cannot drift from the schema', () => {
    const example = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../docs/sites.example.json'), 'utf8')) as unknown[];
    for (const site of example) expect(SiteSettings.safeParse(site).error?.issues ?? []).toEqual([]);
  });

  it('names the field that is wrong', () => {
    const result = SiteSettings.safeParse({ key: 'pk_demo_nettfokus', name: 'X', origins: ['https://x.example/path'], policy: { url: 'https://x.example', version: '11.02.2024' } });
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['origins.0', 'policy.version']));
  });

  it('refuses a category without a declared service', () => {
    const result = SiteSettings.safeParse({
      key: 'pk_demo_nettfokus',
      name: 'X',
      origins: ['https://x.example'],
      policy: { url: 'https://x.example', version: '2024-02-11' },
      cookies: { statistics: { recipients: { nb: 'a', en: 'a' }, retention: { nb: 'a', en: 'a' }, services: [] } },
    });
    expect(result.error!.issues[0]).toMatchObject({ path: ['cookies', 'statistics', 'services'], message: expect.stringContaining('declare at least one service') });
  });
});
