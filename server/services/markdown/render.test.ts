import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './index.ts';

/** Every href and src the HTML would hand the browser, as the browser decodes the attribute. */
function addresses(html: string): string[] {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]!));
}

describe('renderMarkdown', () => {
  // Each is a way to get a script address past a naive check; none may come out as an href or src.
  it.each([
    ['[x](javascript:alert(1))'],
    ['[x](JaVaScRiPt:alert(1))'],
    ['[x](jav&#97;script:alert(1))'],
    ['[x](&#x6A;avascript:alert(1))'],
    ['[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))'],
    ['[x](javascript&colon;alert(1))'],
    ['[x](&Tab;javascript:alert(1))'],
    ['[x](java&Tab;script:alert(1))'],
    ['[x](java&NewLine;script:alert(1))'],
    ['[x](<java\tscript:alert(1)>)'],
    ['[x](\u0001javascript:alert(1))'],
    ['[x](<\u0000javascript:alert(1)>)'],
    ['[x](<  javascript:alert(1)>)'],
    ['[x](vbscript:msgbox(1))'],
    ['[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['[x](file:///etc/passwd)'],
    ['<javascript:alert(1)>'],
    ['[x][r]\n\n[r]: JaVaScRiPt:alert(1)'],
    ['[x](javascript:alert(1) "title")'],
    ['![x](javascript:alert(1))'],
    ['![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
    ['![x](mailto:a@example.no)'],
  ])('keeps %j from becoming a live address', (markdown) => {
    const html = renderMarkdown(markdown);
    expect(addresses(html)).toEqual([]);
    expect(html).not.toMatch(/<a\s|<img\s/);
  });

  it('shows a refused link as its text and a refused image as its alt text', () => {
    expect(renderMarkdown('Les [vilkårene](javascript:alert(1)) her. ![Logo](data:image/png;base64,AA)')).toBe('<p>Les vilkårene her. Logo</p>\n');
  });

  it('escapes raw HTML, block and inline, so no tag or handler reaches the page', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nTekst <img src=x onerror=alert(1)> og <a href="javascript:alert(1)">lenke</a>.\n\n<iframe srcdoc="<script>alert(1)</script>"></iframe>');
    expect(html).not.toMatch(/<(script|img|a|iframe)[\s>]/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes what would break out of an attribute', () => {
    const html = renderMarkdown('[x](https://example.no/"onmouseover="alert(1) "t\\"itle") ![a"b](https://example.no/i.png)');
    expect(html).not.toMatch(/"\s*onmouseover=/);
    expect(html).toContain('alt="a&quot;b"');
  });

  it('keeps http(s), mailto and relative links, and http(s) and relative images', () => {
    const html = renderMarkdown([
      '[a](https://nettfokus.no/personvern) [b](http://example.no) [c](mailto:personvern@nettfokus.no) [d](/policy/pk_x/en) [e](#kontakt) [f](../vilkar?a=1&amp;b=2) [g](//cdn.example.no/x)',
      'www.datatilsynet.no <https://www.datatilsynet.no/klage>',
      '![logo](https://nettfokus.no/logo.png) ![rel](bilder/kart.png)',
    ].join('\n\n'));
    expect(addresses(html)).toEqual([
      'https://nettfokus.no/personvern', 'http://example.no', 'mailto:personvern@nettfokus.no', '/policy/pk_x/en', '#kontakt', '../vilkar?a=1&b=2', '//cdn.example.no/x',
      'http://www.datatilsynet.no', 'https://www.datatilsynet.no/klage',
      'https://nettfokus.no/logo.png', 'bilder/kart.png',
    ]);
  });

  it('gives headings the ids it is asked for', () => {
    expect(renderMarkdown('## Dine <b>rettigheter</b>', { headingId: (text) => `id-${text.length}` })).toMatch(/^<h2 id="id-\d+">Dine &lt;b&gt;rettigheter&lt;\/b&gt;<\/h2>/);
  });
});
