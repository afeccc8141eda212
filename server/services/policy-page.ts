import type { Lang } from '../../protocol/index.ts';
import { escapeHtml } from '../util/html.ts';
import { slugify } from './answers/index.ts';
import { inlineToText, renderMarkdown } from './markdown/index.ts';

/**
 * A site's privacy policy as a page. Headings get the same anchor ids the chat's "read more" links
 * use (one slug per heading in document order, as `splitPolicy` counts them). The Markdown goes
 * through the one renderer (raw HTML as text, no script links): this page is served from the
 * console's origin, and its Content-Security-Policy (policy-pages.ts) allows no script either.
 */
export function renderPolicyPage({ markdown, lang, title }: { markdown: string; lang: Lang; title: string }): string {
  const seen = new Map<string, number>();
  const body = renderMarkdown(markdown, { headingId: (text) => slugify(inlineToText(text), seen) });
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<main class="wrap policy">
${body}
<p><a href="/">${lang === 'en' ? 'Back to the front page' : 'Tilbake til forsiden'}</a></p>
</main>
</body>
</html>`;
}
