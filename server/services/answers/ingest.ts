/**
 * Any policy a site owner has, as the Markdown the chat splits at its headings: Markdown as it is,
 * HTML by its elements, plain text by finding its headings. The chat renders text, never HTML, so
 * nothing here has to make markup safe: it only has to find the structure.
 */
export type PolicyFormat = 'markdown' | 'html' | 'text';

export function detectFormat(text: string): PolicyFormat {
  if (/<(?:html|body|h[1-6]|p|div|section|article|ul|ol)\b[^>]*>/i.test(text)) return 'html';
  if (/^#{1,6}\s+\S/m.test(text)) return 'markdown';
  return 'text';
}

export function toMarkdown(text: string, format: PolicyFormat = detectFormat(text)): string {
  // NUL and other control characters (a binary file pasted by mistake) carry no words.
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, '');
  if (format === 'markdown') return clean;
  if (format === 'html') return textToMarkdown(htmlToText(clean), true);
  return textToMarkdown(clean, false);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', laquo: '«', raquo: '»', aring: 'å', Aring: 'Å', oslash: 'ø', Oslash: 'Ø', aelig: 'æ', AElig: 'Æ', ndash: '–', mdash: '—' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 31 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[e] ?? m;
  });

/** HTML to text with its headings kept as Markdown headings and list items as `- ` lines. Links keep their text only. */
function htmlToText(html: string): string {
  return decode(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|noscript|template|svg|head|nav|footer)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_m, level: string, inner: string) => `\n\n${'#'.repeat(Number(level))} ${inner.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()}\n\n`)
      .replace(/<li\b[^>]*>/gi, '\n- ')
      .replace(/<\/?(p|div|section|article|ul|ol|table|tr|br|hr|main|header|blockquote|dl|dt|dd)\b[^>]*>/gi, '\n\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n');
}

const MAX_HEADING = 90;

/**
 * A line of plain text is a heading when it stands alone (a blank line or the start before it,
 * text after it), is short, starts with a capital or a number, and is not a sentence: it ends
 * in "?", ":" or a letter, not in ".", "," or ";". Numbered headings ("3. Dine rettigheter",
 * "2.1 Samtykke") count the same way. Addresses, e-mail lines and dates are text, never headings.
 */
export function isPlainHeading(line: string): boolean {
  const t = line.trim().replace(/^\*\*(.*)\*\*$/, '$1');
  if (!t || t.length > MAX_HEADING || t.split(/\s+/).length > 14) return false;
  if (/[.,;!…]$/.test(t) || /[@]|https?:|www\./i.test(t)) return false;
  if (/\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}/.test(t)) return false;
  if (/^[-•*–]\s/.test(t)) return false;
  if ((t.match(/,/g) ?? []).length >= 2) return false;
  return /^(?:\d+(?:\.\d+)*[.)]?\s+)?[\p{Lu}\d«"]/u.test(t);
}

function textToMarkdown(text: string, keepHashes: boolean): string {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  const out: string[] = [];
  let title = false;
  let lastHeading = false;
  // Whether any text follows line i: one pass from the end, so a long text stays linear.
  const textAfter: boolean[] = new Array(lines.length).fill(false);
  for (let i = lines.length - 2; i >= 0; i -= 1) textAfter[i] = textAfter[i + 1]! || lines[i + 1]!.trim() !== '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (keepHashes && /^#{1,6}\s/.test(trimmed)) {
      title ||= trimmed.startsWith('# ');
      out.push(trimmed);
      lastHeading = false;
      continue;
    }
    const bullet = /^\s*[•·▪◦‣*–-]\s+(.*)$/.exec(line);
    if (bullet) {
      out.push(`- ${bullet[1]!.trim()}`);
      lastHeading = false;
      continue;
    }
    const alone = (i === 0 || !lines[i - 1]!.trim()) && textAfter[i]!;
    if (!keepHashes && alone && isPlainHeading(trimmed)) {
      const heading = trimmed.replace(/^\*\*(.*)\*\*$/, '$1').replace(/:$/, '').trim();
      // The first heading names the document, the rest are its sections; a heading straight
      // after another ("Vår hjemmel …" then "Innsamling basert på samtykke") is part of it.
      out.push('', `${!title ? '#' : lastHeading ? '###' : '##'} ${heading}`, '');
      lastHeading = title;
      title = true;
      continue;
    }
    if (trimmed) lastHeading = false;
    out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
