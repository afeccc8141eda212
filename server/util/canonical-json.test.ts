import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  // Stored chains were hashed over these bytes: the expected strings must never change.
  it.each([
    [{ b: 1, a: { d: [3, { f: null, e: 'x' }], c: true } }, '{"a":{"c":true,"d":[3,{"e":"x","f":null}]},"b":1}'],
    [{ a: undefined, b: [undefined, 1], c: {} }, '{"b":[null,1],"c":{}}'],
    [{ 'ø': 'æ\u2028"\\', Z: 1.5, a: -0, '10': 1, '9': 2 }, '{"10":1,"9":2,"Z":1.5,"a":0,"ø":"æ\u2028\\"\\\\"}'],
    [[], '[]'],
    [{ a: [] }, '{"a":[]}'],
    ['text', '"text"'],
    [null, 'null'],
    [undefined, 'null'],
  ])('gives %j as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});
