/**
 * Whether a link or image address from site-owner text (a policy's Markdown, a stored policy URL)
 * may become an `href`/`src` on a page we serve or draw: http(s), mailto (links only) and relative
 * addresses, nothing else. No `javascript:`, `vbscript:`, `data:`, `file:`, however it is spelt.
 *
 * `raw` is what the browser gets after HTML attribute decoding: the caller escapes the result
 * itself (so an undecoded `&colon;` stays text). The check then does what the URL parser does
 * before it reads a scheme (tabs and newlines removed anywhere, C0 controls and spaces trimmed),
 * and refuses any address whose part before the first `/`, `?` or `#` holds a colon, unless that
 * part is exactly an allowed scheme: `java\tscript:`, `JaVaScRiPt:`, `\u0001javascript:`,
 * `java%0Ascript:` and `java script:` are all refused.
 *
 * Returns the address to use (cleaned as the browser would have cleaned it), or undefined.
 */
export function safeLinkHref(raw: string, kind: 'link' | 'image' = 'link'): string | undefined {
  // WHATWG URL: remove ASCII tab or newline anywhere, then leading and trailing C0 control or space.
  // eslint-disable-next-line no-control-regex
  const href = raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const scheme = /^([^/?#]*):/.exec(href)?.[1];
  if (scheme === undefined) return href;
  const allowed = kind === 'image' ? ['http', 'https'] : ['http', 'https', 'mailto'];
  return allowed.includes(scheme.toLowerCase()) ? href : undefined;
}
