import { Hono, type Context } from 'hono';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The built console (Node side). Hashed assets are immutable; every other path under /console
 * gets index.html, so a reload on `#/…` or a deep link still opens the app.
 */
export function consoleStatic({ dir }: { dir: string }): Hono {
  const app = new Hono();
  app.get('/assets/:file{[A-Za-z0-9._-]+}', (c) => serve(c, path.join(dir, 'assets', c.req.param('file')), 'public, max-age=31536000, immutable'));
  app.get('/api/*', (c) => c.notFound());
  app.get('*', (c) => serve(c, path.join(dir, 'index.html'), 'no-cache'));
  return app;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

async function serve(c: Context, file: string, cacheControl: string): Promise<Response> {
  const type = TYPES[path.extname(file)];
  if (!type) return c.notFound();
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    if (file.endsWith('index.html')) return c.text('The console is not built: run npm run build.', 503);
    return c.notFound();
  }
  c.header('Content-Type', type);
  c.header('Cache-Control', cacheControl);
  return c.body(new Uint8Array(body));
}

/** `sha384-…` of the widget loader as it is now, for the snippet's Subresource Integrity. */
export function fileIntegrity(file: string): () => Promise<string | undefined> {
  return async () => {
    try {
      return `sha384-${createHash('sha384').update(await fs.readFile(file)).digest('base64')}`;
    } catch {
      return undefined;
    }
  };
}
