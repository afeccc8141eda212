import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(toCsv([{ a: 'x,y', b: 'say "hi"\nbye' }], [['a', (r) => r.a], ['b', (r) => r.b]])).toBe('a,b\r\n"x,y","say ""hi""\nbye"\r\n');
  });

  it('separates with a semicolon on request, and quotes either separator', () => {
    expect(toCsv([{ a: '1,5', b: 'x;y' }], [['a', (r) => r.a], ['b', (r) => r.b]], { separator: ';' })).toBe('a;b\r\n"1,5";"x;y"\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(toCsv([{ a: '=HYPERLINK("x")' }], [['a', (r) => r.a]])).toBe('a\r\n"\'=HYPERLINK(""x"")"\r\n');
    expect(toCsv([{ a: '-1+1' }], [['a', (r) => r.a]])).toBe("a\r\n'-1+1\r\n");
  });
});
