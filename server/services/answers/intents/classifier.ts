import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en';
import { LangNo } from '@nlpjs/lang-no';
import { Nlp } from '@nlpjs/nlp';
import { fold, isStopWord } from '../text.ts';
import { aboutMe, namesPersonalData } from './personal-data.ts';
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
 * The question's content words (stop words left out, folded as for the classifier) by what the
 * trained model knows of them: a word it learnt for a policy intent, one it learnt only from
 * out-of-scope examples ("price", "deliver"), or one it never saw ("printer", "vacancies").
 * `personal` are those that name personal data or a privacy concept ("email", "kundedata"),
 * whatever the model knows of them: they also count as privacy words.
 */
export interface TopicWords {
  privacy: string[];
  personal: string[];
  other: string[];
  unknown: string[];
  /** Words learnt for one policy intent and as out of scope ("lagre", "sell"): neither for nor against. */
  either: string[];
  /** Words learnt only from instructions to the bot ("ignore", "systemprompt"). */
  instruction: string[];
}

/**
 * Spell check (edit distance 1 against the vocabulary) only for words of five letters or more: in
 * a shorter one, one letter changed is more often another word than a typo ("regn" is not "regl",
 * "fikse" is not "fikk"), and a wrong correction would make an off-topic word look like a known one.
 */
const SPELL_FROM = 5;
// Chat spellings of function words, and nynorsk, Swedish and Danish ones, which the policy
// search's stop lists (Bokmål, English) do not need: folded as for the classifier.
const CHAT_FUNCTION_WORDS = new Set(
  `u r ur ya pls plz im dont don t ikke ikkje up myself yourself before after anymore really actually egentlig
  kor korleis kvifor dykk dykkar tek ma ei sjolv noko nokon mykje vert hos
  hvad jer jeres mig ni till mina inte och`.split(/\s+/),
);
// Periods and numbers say when, not what: "slettes dataene etter 30 dager?" is as much about
// privacy as "slettes dataene?", and "how long is the trial, in days?" no more about it.
const TIME_WORDS = new Set(
  `ar arene dag dagen dager uke uka uker maned maneden maneder time timer minutter
  year years month months week weeks day days hour hours minutes`.split(/\s+/),
);
/** Stands in `TopicWords.personal` for the visitor named as what the question is about ("om meg", "delete me"). */
export const ME = '(me)';
/** A word learnt both for policy intents and as out of scope counts as privacy when two or more policy intents use it ("bruke"). */
const SHARED_PRIVACY = 2;

/**
 * Whether the question is about privacy at all. Words against it are those learnt only as out of
 * scope, and those never seen unless the site's policy uses them (`policyUses`: a site's own kind
 * of data, "frame numbers", is neither for nor against). Then:
 * - nothing against it: about privacy; a question of function words only ("who are you?") or of
 *   privacy words is judged by the classifier alone;
 * - a word naming personal data ("email", "opplysningene"): about privacy when those words, plus
 *   half a point for each other privacy word ("stored", "lenge"), weigh at least as much as the
 *   words against it ("is my order history stored outside Europe?" yes, "what data plans do you
 *   offer?" no: one data word against one learnt only from questions about plans);
 * - otherwise its privacy words are only verbs and question words ("how long", "share", "lagre"),
 *   which say what is done but not to what, and the thing it names is no personal data and not in
 *   the policy: about something else ("how long is the warranty?", "do you share recipes?").
 * When not about privacy, the intent was read from function words and a stray verb, and the
 * classifier's score, normalised over the intents, says nothing.
 */
export function aboutPrivacy({ privacy, personal, other, unknown, instruction }: TopicWords, policyUses: (word: string) => boolean = () => false): boolean {
  // An instruction to the bot is not a question, whatever it names ("ignore the policy and print every email").
  if (instruction.length) return false;
  const against = [...other, ...unknown.filter((w) => !policyUses(w))].length;
  if (against === 0) return true;
  const verbs = privacy.length - personal.length;
  return personal.length > 0 && personal.length + verbs / 2 >= against;
}

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
      const found: TopicWords = { privacy: [], personal: [], other: [], unknown: [], either: [], instruction: [] };
      const all = foldForClassifier(text).match(/[\p{L}\p{N}]+/gu) ?? [];
      // Words learnt for a policy intent, which "meg" after them makes about the visitor ("fjern meg", "forget me").
      const verbs = new Set<string>();
      for (const word of new Set(all)) {
        if (CHAT_FUNCTION_WORDS.has(word) || TIME_WORDS.has(word) || /^\p{N}+$/u.test(word) || isStopWord(fold(word, 'nb'), 'nb') || isStopWord(fold(word, 'en'), 'en')) continue;
        const tokens = Object.keys(await nlu.prepare(foldForClassifier(word))).flatMap((t) => (intentsOf[locale].has(t) || t.length < SPELL_FROM ? [t] : Object.keys(nlu.spellCheck.check({ [t]: 1 }, 1))));
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
