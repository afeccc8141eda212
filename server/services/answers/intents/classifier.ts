import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { LangNo } from '@nlpjs/lang-no';
import { Nlp } from '@nlpjs/nlp';
import { TRAINING } from './training.ts';
import type { Intent } from './taxonomy.ts';

export type ClassifierLocale = 'no' | 'en';

export interface Classification {
  /** `None` when no word of the text is known to the classifier. */
  intent: Intent | 'None';
  score: number;
  /** Every intent's score, best first. */
  all: { intent: Intent; score: number }[];
}

export interface IntentClassifier {
  classify(text: string, locale: ClassifierLocale): Promise<Classification>;
}

/**
 * Questions are folded the same way as the training examples, so a visitor without æøå ("nar
 * slettes dataene") meets the same stems as one with them; punctuation says nothing here.
 */
export const foldForClassifier = (text: string) =>
  text
    .toLowerCase()
    .replace(/æ|ä/g, 'ae')
    .replace(/ø|ö/g, 'o')
    .replace(/å/g, 'a')
    .replace(/é|è/g, 'e')
    .replace(/\be-?(post|mail)/g, 'e$1')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * NLP.js (intent classification with a small neural network over stemmed words, Norwegian and
 * English stemmers, spell check against the trained vocabulary) trained on TRAINING. Training
 * takes about a tenth of a second, so it is done at first use rather than shipped as a model.
 */
export async function createIntentClassifier(training = TRAINING): Promise<IntentClassifier> {
  const container = await containerBootstrap();
  for (const locale of ['no', 'en']) container.registerConfiguration(`nlu-${locale}`, { log: false, spellCheck: true, spellCheckDistance: 1, keepStopwords: true }, true);
  container.use(Nlp);
  container.use(LangNo);
  container.use(LangEn);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.autoLoad = false;
  nlp.settings.threshold = 0.5;
  nlp.addLanguage('no');
  nlp.addLanguage('en');
  for (const [intent, { no, en }] of Object.entries(training)) {
    for (const text of no) nlp.addDocument('no', foldForClassifier(text), intent);
    for (const text of en) nlp.addDocument('en', foldForClassifier(text), intent);
  }
  await nlp.train();
  return {
    async classify(text, locale) {
      const result = await nlp.process(locale, foldForClassifier(text));
      const all = ((result.classifications ?? []) as { intent: string; score: number }[])
        .filter((c) => c.intent !== 'None')
        .map((c) => ({ intent: c.intent as Intent, score: c.score }));
      // NLP.js says None below its threshold; the caller sets its own, so the best intent is given with its score.
      const best = [...all].sort((a, b) => b.score - a.score)[0];
      return best && best.score > 0 ? { intent: best.intent, score: best.score, all } : { intent: 'None', score: 0, all };
    },
  };
}

let shared: Promise<IntentClassifier> | undefined;

/** The one classifier of this process, trained on first use. */
export function intentClassifier(): Promise<IntentClassifier> {
  shared ??= createIntentClassifier();
  return shared;
}
