import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { LangNo } from '@nlpjs/lang-no';
import { Nlp } from '@nlpjs/nlp';
import { aboutMe, namesPersonalData } from './personal-data.ts';
import { isFunctionWord, ME, type TopicWords } from './topic.ts';
import { INSTRUCTIONS, TRAINING } from './training.ts';
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
 * Spell check (edit distance 1 against the vocabulary) only for words of five letters or more: in
 * a shorter one, one letter changed is more often another word than a typo ("regn" is not "regl",
 * "fikse" is not "fikk"), and a wrong correction would make an off-topic word look like a known one.
 */
const SPELL_FROM = 5;
/** A word learnt both for policy intents and as out of scope counts as privacy when two or more policy intents use it ("bruke"). */
const SHARED_PRIVACY = 2;

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
export async function createIntentClassifier(training = TRAINING, instructions = INSTRUCTIONS): Promise<IntentClassifier> {
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
  // Tokens of the instruction examples that no other example uses, per locale.
  const instructionTokens = {} as Record<ClassifierLocale, Set<string>>;
  for (const locale of ['no', 'en'] as const) {
    const tokensOf = async (texts: string[]) => new Set((await Promise.all(texts.map(async (t) => Object.keys(await nlus[locale].prepare(foldForClassifier(t)))))).flat());
    const given = new Set(instructions[locale]);
    const elsewhere = await tokensOf(training.out_of_scope[locale].filter((t) => !given.has(t)));
    const own = await tokensOf(instructions[locale].filter((t) => training.out_of_scope[locale].includes(t)));
    instructionTokens[locale] = new Set([...own].filter((t) => !elsewhere.has(t) && intentsOf[locale].get(t)?.every((i) => i === 'out_of_scope')));
  }
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
      const found: TopicWords = { privacy: [], personal: [], other: [], unknown: [], either: [], instruction: [], opensWithInstruction: false };
      // Folded once here: each word below is already as the classifier folds it.
      const all = foldForClassifier(text).match(/[\p{L}\p{N}]+/gu) ?? [];
      // Words learnt for a policy intent, which "meg" after them makes about the visitor ("fjern meg", "forget me").
      const verbs = new Set<string>();
      for (const word of new Set(all)) {
        if (isFunctionWord(word)) continue;
        const tokens = Object.keys(await nlu.prepare(word)).flatMap((t) => (intentsOf[locale].has(t) || t.length < SPELL_FROM ? [t] : Object.keys(nlu.spellCheck.check({ [t]: 1 }, 1))));
        const intents = tokens.flatMap((t) => intentsOf[locale].get(t) ?? []);
        const policy = intents.filter(isPolicyIntent).length;
        const outOfScope = intents.includes('out_of_scope');
        if (tokens.some((t) => instructionTokens[locale].has(t))) found.instruction.push(word);
        // A word the model knows is not read as a misspelt one ("dates" is not "data").
        if (namesPersonalData(word, { typos: !intents.length })) {
          found.personal.push(word);
          found.privacy.push(word);
        } else if (!intents.length) found.unknown.push(word);
        else if (policy >= (outOfScope ? SHARED_PRIVACY : 1)) found.privacy.push(word);
        else if (policy > 0) found.either.push(word);
        else if (outOfScope) found.other.push(word);
        // A word learnt only for greetings, thanks or asking for a person says nothing about the topic.
        if (policy > 0) verbs.add(word);
      }
      found.opensWithInstruction = all[0] !== undefined && found.instruction.includes(all[0]);
      if (aboutMe(all, (w) => verbs.has(w))) {
        found.personal.push(ME);
        found.privacy.push(ME);
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
