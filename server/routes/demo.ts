import { Hono } from 'hono';
import { ApiError } from '../errors.ts';
import { escapeHtml } from '../util/html.ts';

/**
 * The demo forms' backend: shows the site owner that their own server receives the choice
 * (`samtykke_marketing`, `samtykke_receipt`) in the ordinary form post, next to their fields.
 */
export const demo = new Hono().post('/thanks', async (c) => {
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new ApiError(400, 'invalid_form', 'The form body could not be read.');
  });
  const rows = Object.entries(body)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, typeof v === 'string' ? v : '(file)'] as const))
    .map(([name, value]) => `<tr><th scope="row"><code>${escapeHtml(name)}</code></th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  c.header('Cache-Control', 'no-store');
  return c.html(`<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Takk! – Nettfokus CRM</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<main class="wrap thanks">
<h1>Takk!</h1>
<p>Dette er feltene nettstedets egen server mottok. <code>samtykke_marketing</code> og <code>samtykke_receipt</code> kommer fra Samtykke.</p>
<table>
${rows || '<tr><td>(ingen felt)</td></tr>'}
</table>
<p><a href="/">Tilbake</a></p>
</main>
</body>
</html>`);
});
