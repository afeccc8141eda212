import { Marked } from 'marked';
import type { Lang } from '../../protocol/index.ts';
import { escapeHtml } from '../util/html.ts';
import { inlineToText, slugify } from './answers/index.ts';

/**
 * A site's privacy policy as a page. Headings get the same anchor ids the chat's "read more" links
 * use (one slug per heading in document order, as `splitPolicy` counts them). Raw HTML in the
 * Markdown is shown as text: a policy is copy, and this page is served from our own origin.
 */
export function renderPolicyPage({ markdown, lang, title }: { markdown: string; lang: Lang; title: string }): string {
  const seen = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${escapeHtml(slugify(inlineToText(text), seen))}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
    },
  });
  const body = marked.parse(markdown, { async: false });
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
