import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { LangNo } from '@nlpjs/lang-no';
import { Nlp } from '@nlpjs/nlp';
import { fold, isStopWord } from '../text.ts';
import { TRAINING } from './training.ts';
import { isPolicyIntent, type Intent } from './taxonomy.ts';

export type ClassifierLocale = 'no' | 'en';

export interface Classification {
  /** `None` when no word of the text is known to the classifier. */
  intent: Intent | 'None';
  score: number;
  /** Every intent's score, best first. */
  all: { intent: Intent; score: number }[];
}

/**
 * The question's content words (stop words left out) by what the trained model knows of them: a
 * word it learnt for a policy intent, one it learnt only from out-of-scope examples ("price",
 * "deliver"), or one it never saw ("printer", "vacancies").
 */
export interface TopicWords {
  privacy: string[];
  other: string[];
  unknown: string[];
}

/**
 * Spell check (edit distance 1 against the vocabulary) only for words of five letters or more: in
 * a shorter one, one letter changed is more often another word than a typo ("regn" is not "regl",
 * "fikse" is not "fikk"), and a wrong correction would make an off-topic word look like a known one.
 */
const SPELL_FROM = 5;
// Chat spellings of function words, which the policy search's stop lists do not need.
const CHAT_FUNCTION_WORDS = new Set(['u', 'r', 'ur', 'ya', 'pls', 'plz', 'im', 'dont', 'ikke', 'ikkje']);
/** A word learnt both for policy intents and as out of scope counts as privacy when two or more policy intents use it ("bruke"). */
const SHARED_PRIVACY = 2;

/**
 * Whether the question is about privacy at all: at least a third of its content words are words
 * the classifier learnt for a policy intent. Otherwise the intent was read from function words and
 * a stray word among ones it never saw or learnt as out of scope ("when will my order arrive?" as
 * purposes), and the classifier's score, normalised over the intents, says nothing: the policy
 * search decides instead, with its own rule that the policy must use the question's words. A
 * question of function words only ("who are you?") is judged by the classifier alone.
 */
export const aboutPrivacy = ({ privacy, other, unknown }: TopicWords) =>
  other.length + unknown.length === 0 || (privacy.length > 0 && privacy.length * 2 >= other.length + unknown.length);

export interface IntentClassifier {
  classify(text: string, locale: ClassifierLocale): Promise<Classification>;
  topicWords(text: string, locale: ClassifierLocale): Promise<TopicWords>;
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
  const nlus = { no: nlp.nluManager.domainManagers.no!.domains.master_domain!, en: nlp.nluManager.domainManagers.en!.domains.master_domain! };
  // Which intents each word of the vocabulary was trained for, per locale.
  const intentsOf = Object.fromEntries(
    Object.entries(nlus).map(([locale, nlu]) => {
      const of = new Map<string, string[]>();
      for (const [intent, features] of Object.entries(nlu.intentFeatures)) for (const token of Object.keys(features)) of.set(token, [...(of.get(token) ?? []), intent]);
      return [locale, of];
    }),
  ) as Record<ClassifierLocale, Map<string, string[]>>;
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
    async topicWords(text, locale) {
      const nlu = nlus[locale];
      const found: TopicWords = { privacy: [], other: [], unknown: [] };
      for (const word of new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])) {
        if (CHAT_FUNCTION_WORDS.has(word) || isStopWord(fold(word, 'nb'), 'nb') || isStopWord(fold(word, 'en'), 'en')) continue;
        const tokens = Object.keys(await nlu.prepare(foldForClassifier(word))).flatMap((t) => (intentsOf[locale].has(t) || t.length < SPELL_FROM ? [t] : Object.keys(nlu.spellCheck.check({ [t]: 1 }, 1))));
        const intents = tokens.flatMap((t) => intentsOf[locale].get(t) ?? []);
        const policy = intents.filter(isPolicyIntent).length;
        const outOfScope = intents.includes('out_of_scope');
        if (!intents.length) found.unknown.push(word);
        else if (policy >= (outOfScope ? SHARED_PRIVACY : 1)) found.privacy.push(word);
        else if (outOfScope) found.other.push(word);
        // A word learnt only for greetings, thanks or asking for a person says nothing about the topic.
      }
      return found;
    },
  };
}

let shared: Promise<IntentClassifier> | undefined;

/** The one classifier of this process, trained on first use. */
export function intentClassifier(): Promise<IntentClassifier> {
  shared ??= createIntentClassifier();
  return shared;
}
