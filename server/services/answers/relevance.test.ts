import { describe, expect, it } from 'vitest';
import { answersQuestion, type QuestionWord } from './relevance.ts';
import { stem } from './text.ts';

const word = (w: string, weak = false): QuestionWord => ({ word: w, terms: [w], weak });
const judge = (words: QuestionWord[], section: string[], policy: string[]) => answersQuestion(words, { section: new Set(section), policy: new Set(policy) });

describe('answersQuestion', () => {
  it('refuses a section that matches only a weak word of the question', () => {
    expect(judge([word('use', true), word('cookies')], ['use'], ['use'])).toBe(false);
  });

  it('refuses every section when most of the question is not in the policy at all', () => {
    expect(judge([word('crm'), word('cost')], ['crm'], ['crm'])).toBe(false);
    expect(judge([word('long'), word('keep'), word('frame'), word('number')], ['keep', 'frame', 'number'], ['keep', 'frame', 'number'])).toBe(true);
  });

  it('accepts a section that matches part of a question whose words the policy knows', () => {
    expect(judge([word('meld'), word('nyhetsbrev')], ['meld'], ['meld', 'nyhetsbrev'])).toBe(true);
  });

  it('judges by the weak words when the question has nothing else', () => {
    expect(judge([word('use', true), word('data', true)], ['use', 'data'], ['use', 'data'])).toBe(true);
    expect(judge([word('use', true)], [], ['use'])).toBe(false);
  });

  it('counts a broader term the section matched', () => {
    expect(answersQuestion([word('~erase~')], { section: new Set(['~rights~']), policy: new Set(['~rights~']) }, (t) => (t === '~erase~' ? ['~rights~'] : []))).toBe(true);
  });
});

describe('stem', () => {
  it('gives the singular and plural of an English word in -y one stem', () => {
    expect(stem('cookies', 'en')).toBe(stem('cookie', 'en'));
    expect(stem('policies', 'en')).toBe(stem('policy', 'en'));
    expect(stem('days', 'en')).toBe('day');
  });
});
