import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { staticRoutes } from './static.ts';

function fixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-static-'));
  const widgetDir = path.join(root, 'widget');
  const demoDir = path.join(root, 'demo');
  fs.mkdirSync(path.join(widgetDir, 'chunks'), { recursive: true });
  fs.mkdirSync(path.join(widgetDir, '.vite'), { recursive: true });
  fs.mkdirSync(path.join(demoDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(widgetDir, 'samtykke.js'), 'console.log("loader")');
  fs.writeFileSync(path.join(widgetDir, 'chunks', 'main-abc123.js'), 'export {}');
  fs.writeFileSync(path.join(widgetDir, 'chunks', 'main-abc123.js.br'), brotliCompressSync('export {}'));
  fs.writeFileSync(path.join(widgetDir, 'chunks', 'main-abc123.js.gz'), gzipSync('export {}'));
  fs.writeFileSync(path.join(widgetDir, '.vite', 'manifest.json'), '{}');
  fs.writeFileSync(path.join(demoDir, 'index.html'), '<h1>Demo</h1>');
  fs.writeFileSync(path.join(demoDir, 'kontakt.html'), '<h1>Kontakt</h1>');
  fs.writeFileSync(path.join(demoDir, 'assets', 'site.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'secret.html'), 'outside');
  return staticRoutes({ widgetDir, demoDir });
}

describe('static files', () => {
  it('serves the loader with a short cache, an ETag and CORS for SRI', async () => {
    const app = fixture();
    const res = await app.request('/samtykke.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const again = await app.request('/samtykke.js', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves content-hashed chunks as immutable', async () => {
    const res = await fixture().request('/chunks/main-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('sends the precompressed chunk the browser accepts, brotli first, and says it varies', async () => {
    const app = fixture();
    const br = await app.request('/chunks/main-abc123.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe('export {}');
    const gz = await app.request('/chunks/main-abc123.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe('export {}');
    expect(gz.headers.get('etag')).not.toBe(br.headers.get('etag'));
    const plain = await app.request('/chunks/main-abc123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe('export {}');
    // The loader has no precompressed copy in this fixture: it goes out as it is.
    expect((await app.request('/samtykke.js', { headers: { 'Accept-Encoding': 'br' } })).headers.get('content-encoding')).toBeNull();
  });

  it('serves demo pages and assets, index.html at /', async () => {
    const app = fixture();
    expect(await (await app.request('/')).text()).toBe('<h1>Demo</h1>');
    expect(await (await app.request('/kontakt.html')).text()).toBe('<h1>Kontakt</h1>');
    expect((await app.request('/assets/site.css')).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('refuses traversal, dotfiles and unknown files', async () => {
    const app = fixture();
    for (const p of ['/..%2fsecret.html', '/%2e%2e/secret.html', '/chunks/..%2f.vite%2fmanifest.json', '/chunks/%2e%2e%2fsamtykke.js', '/nope.html', '/%E0%A4%A']) {
      expect((await app.request(p)).status, p).toBe(404);
    }
  });
});
