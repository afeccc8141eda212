import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { silentLogger } from '../../log.ts';
import { staticRoutes } from '../../static.ts';
import { SITE, tempStore } from '../../testing.ts';
import { htmlCsp, NO_SCRIPT_CSP } from './index.ts';

/** The directive's sources, e.g. `sources(csp, 'script-src')` → ["'self'", "'sha256-…'"]. */
const sources = (csp: string | null, name: string) => csp?.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1);

async function app() {
  const t = await tempStore();
  await t.store.putPolicy({ site: SITE, lang: 'nb', markdown: '# Personvern\n\n## Kontakt\n\nSkriv til oss.', url: 'https://shop.example.no/personvern', version: '2024-02-11' });
  const widgetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-widget-'));
  // The real demo pages, as npm start serves them.
  const assets = staticRoutes({ widgetDir, demoDir: path.resolve('demo') });
  return createApp({ store: t.store, clock: () => new Date('2026-01-01T00:00:00Z'), log: silentLogger, config: { trustProxy: false, publicUrl: 'http://localhost' }, assets });
}

describe('a CSP on every HTML page', () => {
  it('gives each server-made page one with no script', async () => {
    const a = await app();
    const form = new URLSearchParams({ navn: '<script>alert(1)</script>', samtykke_marketing: 'granted' });
    const pages = [
      await a.request(`/policy/${SITE}/nb`),
      await a.request('/demo/thanks', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      await a.request('/u/not-a-token'),
    ];
    for (const res of pages) {
      expect(res.headers.get('content-type'), res.url).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy');
      expect(csp, res.url).toBeTruthy();
      expect(sources(csp, 'default-src'), res.url).toEqual(["'none'"]);
      expect(sources(csp, 'script-src') ?? ["'none'"], res.url).toEqual(["'none'"]);
      expect(sources(csp, 'frame-ancestors'), res.url).toEqual(["'none'"]);
    }
  });

  it('gives the demo pages exactly what they use: our own scripts and the hash of each inline tag', async () => {
    const a = await app();
    for (const page of ['/', '/kontakt.html', '/assets/video.html']) {
      const res = await a.request(page);
      expect(res.status, page).toBe(200);
      const html = await res.text();
      const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
      const csp = res.headers.get('content-security-policy');
      expect(sources(csp, 'script-src'), page).toEqual(["'self'", ...new Set(inline)]);
      expect(csp, page).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(sources(csp, 'connect-src'), page).toEqual(["'self'"]);
      expect(sources(csp, 'frame-src'), page).toEqual(["'self'"]);
      expect(sources(csp, 'frame-ancestors'), page).toEqual(["'self'"]);
    }
    // The front page's gated marketing tag is the one inline script it allows.
    expect(sources((await a.request('/')).headers.get('content-security-policy'), 'script-src')).toHaveLength(2);
  });

  it('covers a route that sets none, and leaves one that sets its own alone', async () => {
    const app = new Hono().use('*', htmlCsp());
    app.get('/forgot', (c) => c.html('<p>hei</p>'));
    app.get('/own', (c) => c.html('<p>hei</p>', 200, { 'Content-Security-Policy': "default-src 'self'" }));
    app.get('/json', (c) => c.json({ ok: true }));
    expect((await app.request('/forgot')).headers.get('content-security-policy')).toBe(NO_SCRIPT_CSP);
    expect((await app.request('/own')).headers.get('content-security-policy')).toBe("default-src 'self'");
    expect((await app.request('/json')).headers.get('content-security-policy')).toBeNull();
  });
});
