import { Hono, type Context } from 'hono';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { cspHeader } from './middleware/html-csp/index.ts';

export interface StaticOptions {
  /** The widget build (`samtykke.js` + `chunks/`). */
  widgetDir: string;
  /** Demo pages served at `/`. @default none: no demo pages (production) */
  demoDir?: string | undefined;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * Widget and demo files (Node side). Files are read per request, so a rebuilt widget shows up
 * without a restart; this serves a demo and tests, a CDN is the place for heavy traffic.
 */
export function staticRoutes({ widgetDir, demoDir }: StaticOptions): Hono {
  const app = new Hono();
  // The loader has a stable name, so caches must ask again soon; chunks are content-hashed and never change.
  app.get('/samtykke.js', (c) => serveFile(c, widgetDir, 'samtykke.js', 'public, max-age=300', true, true));
  app.get('/chunks/:file{.+}', (c) => serveFile(c, path.join(widgetDir, 'chunks'), c.req.param('file'), 'public, max-age=31536000, immutable', true, true));
  if (!demoDir) return app;
  // The demo pages again under the strictest CSP a careful site would send: no inline script or
  // style, no eval. The widget must work here unchanged (tested in test/e2e/strict-csp.e2e.ts).
  app.get('/strict/:file{.+\\.html}', (c) => {
    const origin = new URL(c.req.url).origin;
    c.header('Content-Security-Policy', `default-src 'self'; script-src 'self' ${origin}; style-src 'self'; connect-src 'self' ${origin}; img-src 'self' data:; frame-src 'none'; base-uri 'self'; form-action 'self'`);
    return serveFile(c, demoDir, c.req.param('file'), 'no-cache', false);
  });
  app.get('/', (c) => serveFile(c, demoDir, 'index.html', 'no-cache', false, false, demoPageCsp));
  app.get('/:file{.+}', (c) => serveFile(c, demoDir, c.req.param('file'), 'no-cache', false, false, demoPageCsp));
  return app;
}

async function serveFile(c: Context, root: string, relative: string, cacheControl: string, crossOrigin: boolean, precompressed = false, htmlCsp?: (html: string) => string): Promise<Response> {
  const file = safeJoin(root, relative);
  const type = file && TYPES[path.extname(file).toLowerCase()];
  if (!file || !type) return c.notFound();
  const encoding = precompressed ? await pickEncoding(file, c.req.header('accept-encoding')) : undefined;
  let body: Buffer;
  try {
    body = await fs.readFile(encoding ? `${file}${encoding.suffix}` : file);
  } catch {
    return c.notFound();
  }
  if (precompressed) c.header('Vary', 'Accept-Encoding');
  if (encoding) c.header('Content-Encoding', encoding.name);
  const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}${encoding ? `-${encoding.name}` : ''}"`;
  c.header('ETag', tag);
  c.header('Cache-Control', cacheControl);
  // `*` lets host pages load the widget with `crossorigin` and Subresource Integrity.
  if (crossOrigin) c.header('Access-Control-Allow-Origin', '*');
  if (c.req.header('if-none-match') === tag) return c.body(null, 304);
  c.header('Content-Type', type);
  if (htmlCsp && type.startsWith('text/html')) c.header('Content-Security-Policy', htmlCsp(body.toString('utf8')));
  return c.body(new Uint8Array(body));
}

/**
 * The demo site's pages load the widget and its chunks, the site's stylesheet and its gated
 * tracker from this server, frame the demo video page, post their forms here, and run their own
 * inline tags (each allowed by its hash, which also covers the copy the widget runs after
 * consent). Nothing else: no other inline script, no eval, nothing from another origin.
 */
export function demoPageCsp(html: string): string {
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs!)).map(([, , text]) => text!.replace(/\r\n?/g, '\n'));
  const hashes = [...new Set(inline.filter(Boolean).map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`))];
  return cspHeader({
    'default-src': ["'none'"],
    'script-src': ["'self'", ...hashes],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'frame-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
  });
}

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The build writes `.br` and `.gz` beside each file (vite.config.ts); use the best one the browser accepts. */
async function pickEncoding(file: string, accept: string | undefined): Promise<(typeof ENCODINGS)[number] | undefined> {
  const accepted = new Set((accept ?? '').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase()));
  for (const encoding of ENCODINGS) {
    if (!accepted.has(encoding.name)) continue;
    try {
      await fs.access(`${file}${encoding.suffix}`);
      return encoding;
    } catch {
      // not precompressed (e.g. a build made without the plugin): try the next, then send it as is
    }
  }
  return undefined;
}

/** The path inside root, or undefined for traversal attempts and dotfiles (`.vite/manifest.json`). */
function safeJoin(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).some((part) => part.startsWith('.'))) return undefined;
  const base = path.resolve(root);
  const full = path.resolve(base, decoded);
  return full.startsWith(base + path.sep) ? full : undefined;
}
