// The named references that turn up in addresses, plus the ones used to hide a scheme
// (`&colon;`, `&Tab;`, `&NewLine;`). Any other `&name;` stays as written: the caller escapes its
// `&`, so the browser shows it as text and never decodes it into something unchecked.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  colon: ':', Tab: '\t', NewLine: '\n', sol: '/', quest: '?', num: '#', period: '.', comma: ',',
  lpar: '(', rpar: ')', equals: '=', plus: '+', excl: '!', percnt: '%', semi: ';', lowbar: '_', hyphen: '-',
};

/** Decodes numeric (`&#97;`, `&#x6A;`) and the common named character references in `s`. */
export function decodeCharacterReferences(s: string): string {
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]+));/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    // As HTML does: 0, surrogates and beyond Unicode become U+FFFD.
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
  });
}
