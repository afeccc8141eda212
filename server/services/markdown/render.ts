import { Marked, type Tokens } from 'marked';
import { safeLinkHref } from '../../../protocol/index.ts';
import { escapeHtml } from '../../util/html.ts';
import { decodeCharacterReferences } from './entities.ts';

export interface RenderMarkdownOptions {
  /** The id of a heading, from its plain text (the policy page gives the chat's anchor slugs). No id when absent. */
  headingId?: (text: string) => string;
}

/**
 * Site-owner Markdown as HTML for a page we serve. The one place such Markdown becomes HTML, so
 * the rules hold everywhere: raw HTML is shown as text, links keep only http(s), mailto and
 * relative addresses and images only http(s) and relative (`safeLinkHref`); a refused link is
 * shown as its text, a refused image as its alt text. Every attribute is escaped here.
 */
export function renderMarkdown(markdown: string, { headingId }: RenderMarkdownOptions = {}): string {
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        const id = headingId ? ` id="${escapeHtml(headingId(text))}"` : '';
        return `<h${depth}${id}>${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      // A policy is copy: tags in it are text, block and inline alike.
      html({ text }) {
        return escapeHtml(text);
      },
      link({ href, title, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        const safe = target(href, 'link');
        if (safe === undefined) return inner;
        return `<a href="${escapeHtml(safe)}"${title ? ` title="${escapeHtml(decodeCharacterReferences(title))}"` : ''}>${inner}</a>`;
      },
      image({ href, title, text }: Tokens.Image) {
        const safe = target(href, 'image');
        if (safe === undefined) return escapeHtml(text);
        return `<img src="${escapeHtml(safe)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(decodeCharacterReferences(title))}"` : ''}>`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

/**
 * marked leaves character references in a destination as written; CommonMark (and the browser,
 * had we passed them through) decodes them. Decode, check what the browser would act on, and
 * escape it ourselves, so `jav&#97;script:` is judged as `javascript:`.
 */
const target = (href: string, kind: 'link' | 'image') => safeLinkHref(decodeCharacterReferences(href), kind);
