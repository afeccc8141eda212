import { describe, expect, it } from 'vitest';
import { safeLinkHref } from './index.ts';

describe('safeLinkHref', () => {
  it.each([
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', '\u0000javascript:alert(1)', '\u001fjavascript:alert(1)',
    'java\tscript:alert(1)', 'java\nscript:alert(1)', 'java\rscript:alert(1)', 'javascript\t:alert(1)', 'java script:alert(1)',
    'java\u0000script:alert(1)', 'java%0Ascript:alert(1)', 'vbscript:msgbox(1)', 'VBScript:x', 'data:text/html,<script>alert(1)</script>',
    'DATA:image/svg+xml,x', 'file:///etc/passwd', 'blob:https://x/1', 'livescript:x', 'jar:x', 'feed:javascript:alert(1)', ':x',
  ])('refuses %j', (href) => {
    expect(safeLinkHref(href)).toBeUndefined();
    expect(safeLinkHref(href, 'image')).toBeUndefined();
  });

  it('keeps http(s), mailto and relative addresses, cleaned as the browser cleans them', () => {
    expect(safeLinkHref('https://nettfokus.no/personvern')).toBe('https://nettfokus.no/personvern');
    expect(safeLinkHref(' HTTPS://nettfokus.no/\n')).toBe('HTTPS://nettfokus.no/');
    expect(safeLinkHref('mailto:dpo@nettfokus.no')).toBe('mailto:dpo@nettfokus.no');
    for (const relative of ['/policy/pk_x/nb', '#rettigheter', '?lang=en', 'vilkar.html', './a:b', '//cdn.example.no/x']) expect(safeLinkHref(relative)).toBe(relative);
  });

  it('takes no mailto for an image', () => {
    expect(safeLinkHref('mailto:dpo@nettfokus.no', 'image')).toBeUndefined();
    expect(safeLinkHref('https://nettfokus.no/logo.png', 'image')).toBe('https://nettfokus.no/logo.png');
  });
});
