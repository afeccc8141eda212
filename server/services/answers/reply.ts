import type { Lang, PolicyAnswer, RightsKind, SiteSettings } from '../../../protocol/index.ts';
import { answerFromCookieDeclaration, COOKIE_DECLARATION_ID } from './cookie-answer.ts';
import { readCookieQuestion } from './cookie-question.ts';
import { intentClassifier, type Classification, type ClassifierLocale } from './intents/classifier.ts';
import { aboutPrivacy, ME, type TopicWords } from './intents/topic.ts';
import { detectLanguage, replyLang, type QuestionLang } from './intents/language.ts';
import { isPolicyIntent, REQUEST_OF, TOPIC, type Intent, type PolicyIntent } from './intents/taxonomy.ts';
import type { PolicyText } from './library.ts';
import type { PolicyIndex } from './policy-index.ts';
import { directAnswer, excerptOf } from './direct.ts';
import { REPLY } from './reply-text.ts';

/** Below this the classifier's intent is not trusted; the policy search decides, as before. */
const CONFIDENT = 0.6;
/** A policy intent read second, after out of scope, is taken from this score. */
const SECOND_READING = 0.1;
/**
 * Below CONFIDENT, a question that names personal data and whose words the policy search cannot
 * place is answered from the intent it leans to from this score, rather than declined: the
 * search needs the policy's own words, a visitor uses theirs ("stop using my data for marketing").
 */
const LEANING = 0.4;

export interface AskInput {
  question: string;
  /** The page's language, for a question whose own language cannot be told. */
  pageLang: Lang;
  site: SiteSettings;
  /** The site's policy in a language, if it has one. */
  policy(lang: Lang): Promise<PolicyText | undefined>;
  index(policy: PolicyText): PolicyIndex;
  /** The owner's own choice for an intent: another section, or a short answer of their own. */
  override?(policy: PolicyText, intent: PolicyIntent): Promise<{ sectionId?: string; answer?: string } | undefined>;
  limit?: number;
  /** Answer as this intent without classifying the question (the console's preview of each intent). */
  intent?: PolicyIntent;
}

export interface Reply {
  answers: PolicyAnswer[];
  request?: RightsKind;
  /** The whole reply as plain text: what the transcript keeps and what a screen shows without the widget's layout. */
  text: string;
  intent: Intent | 'None';
  /** The language the visitor wrote in, and the one replied in. */
  questionLang: QuestionLang;
  lang: Lang;
}

interface Reading extends Classification {
  topic: TopicWords;
}

async function read(question: string, locale: ClassifierLocale): Promise<Reading> {
  const classifier = await intentClassifier();
  return { ...(await classifier.classify(question, locale)), topic: await classifier.topicWords(question, locale) };
}

async function classify(question: string, lang: QuestionLang): Promise<Reading> {
  const first = await read(question, lang === 'en' ? 'en' : 'no');
  if (first.score >= CONFIDENT) return first;
  const other = await read(question, lang === 'en' ? 'no' : 'en');
  // Read in the other language only when that knows more of the question's words: a Norwegian
  // question read as English is mostly unknown words, and a guess from the one left is no reading.
  return other.score > first.score && other.topic.unknown.length <= first.topic.unknown.length ? other : first;
}

/**
 * A question that names personal data is not out of scope for its verbs and nouns ("is my
 * password stored safely?", where "stored" was also learnt from "do you store winter tyres?"):
 * its best policy intent, scored among the policy intents alone.
 */
function personalNotOutOfScope(reading: Reading): Pick<Classification, 'intent' | 'score'> {
  // "me" alone does not name data: "write me a poem".
  if (reading.intent !== 'out_of_scope' || !reading.topic.personal.some((w) => w !== ME) || reading.topic.instruction.length) return reading;
  const best = reading.all.filter((c) => isPolicyIntent(c.intent)).sort((a, b) => b.score - a.score)[0];
  // Only when the classifier gives a policy intent some weight: at 0.98 out of scope it means it ("hvordan bytter jeg passord på kontoen min?").
  return best && best.score >= SECOND_READING ? { intent: best.intent, score: best.score / Math.max(1 - reading.score, best.score) } : reading;
}

const toText = (a: PolicyAnswer, lang: Lang) =>
  [a.direct, a.sectionId === COOKIE_DECLARATION_ID ? a.excerpt : `${REPLY.policySays(lang, a.title)} ${a.excerpt}`, ...(a.items ?? []).map((i) => `• ${i}`), a.note].filter(Boolean).join('\n');

/**
 * Answers one question: its language and intent first, then the policy's section for that intent
 * (or the owner's own answer), with a direct answer in the visitor's language before the
 * policy's own words. Questions outside the taxonomy, instructions to the bot and intents the
 * policy does not cover get the offer to ask a person, never an excerpt.
 */
export async function answerQuestion(input: AskInput): Promise<Reply> {
  const { question, pageLang, site, limit = 3 } = input;
  const questionLang = detectLanguage(question, pageLang);
  const lang = replyLang(questionLang);
  const reading = input.intent ? undefined : await classify(question, questionLang);
  const policy = (await input.policy(lang)) ?? (await input.policy(lang === 'nb' ? 'en' : 'nb'));
  const index = policy && input.index(policy);
  // A word the site's policy uses (its own kind of data) is neither for nor against privacy.
  const offTopic = reading !== undefined && !aboutPrivacy(reading.topic, (word) => index?.uses(word) ?? false);
  const { intent, score } = reading ? (offTopic ? reading : personalNotOutOfScope(reading)) : { intent: input.intent as Intent, score: 1 };
  const done = (answers: PolicyAnswer[], text: string, request?: RightsKind): Reply => ({ answers, text, intent: score >= CONFIDENT && !offTopic ? intent : 'None', questionLang, lang, ...(request ? { request } : {}) });

  if (score >= CONFIDENT) {
    if (intent === 'greeting') return done([], REPLY.greeting(lang, site.name));
    if (intent === 'thanks') return done([], REPLY.thanks(lang));
    if (intent === 'person') return done([], REPLY.person(lang, pageLang));
    if (intent === 'out_of_scope') return done([], REPLY.outOfScope(lang, pageLang));
  }
  // Not about privacy: no search to find a near miss.
  if (offTopic) return done([], REPLY.outOfScope(lang, pageLang));

  // A question naming cookies or a tracker is answered from what the site declares, whatever else it asks.
  const cookieCue = readCookieQuestion(question, lang, []) !== undefined;
  if (cookieCue || (score >= CONFIDENT && intent === 'cookies')) {
    const declared = answerFromCookieDeclaration(site, lang, cookieCue ? question : `${question} cookies`);
    if (declared) return done([declared], toText(declared, lang));
  }

  if (!policy || !index) return done([], REPLY.gap(lang, lang === 'nb' ? 'dette' : 'this', pageLang));
  /** What the policy search found, each with the note that the quote is in the policy's language. */
  const searched = (found: PolicyAnswer[]) => {
    const answers = found.map((a) => ({ ...a, ...quoteNote(policy.lang, lang) }));
    return done(answers, toText(answers[0]!, lang));
  };

  if (score < CONFIDENT || !isPolicyIntent(intent)) {
    // Not sure what is asked: the policy search, which declines what the policy does not cover.
    // Unless the question names no personal data and has words that are no privacy words: then
    // the search finds little more than its verb ("hvordan lagrer jeg et bilde fra nettsiden?").
    const vague = reading !== undefined && !reading.topic.personal.length && reading.topic.other.length + reading.topic.unknown.length > 0;
    const found = vague ? [] : index.ask(question, { limit });
    if (found.length) return searched(found);
    const leaning = reading !== undefined && reading.topic.personal.length > 0 && isPolicyIntent(intent) && score >= LEANING;
    if (!leaning) return done([], REPLY.unsure(lang, pageLang));
  }

  // A policy intent: confident, or leaning to one with personal data named (above).
  if (!isPolicyIntent(intent)) return done([], REPLY.unsure(lang, pageLang));
  const request = REQUEST_OF[intent];
  const map = await index.map();
  const own = await input.override?.(policy, intent);
  if (own?.answer) {
    const answer: PolicyAnswer = { sectionId: `samtykke:own:${intent}`, title: TOPIC[intent][policy.lang], excerpt: own.answer, url: policy.url, score: 1, ...quoteNote(policy.lang, lang) };
    return done([answer], own.answer, request);
  }
  const ids = [...new Set([...(own?.sectionId ? [own.sectionId] : []), ...(map.sections[intent] ?? [])])].filter((id) => index.sections.some((s) => s.id === id));
  if (!ids.length) {
    // No part of the policy is about this intent; its own words may still be, on a topic of the
    // site's own ("bicycle frame numbers"): the search, which declines what the policy does not cover.
    const found = request || input.intent ? [] : index.ask(question, { limit });
    if (found.length) return searched(found);
    // A right can still be used, so offer that instead of "found nothing".
    return done([], request ? REPLY.request(lang, request, pageLang) : REPLY.gap(lang, TOPIC[intent][lang], pageLang), request);
  }
  const answers = ids.slice(0, limit).map((id, i) => {
    const section = index.sections.find((s) => s.id === id)!;
    const excerpt = excerptOf(index, section, question, intent);
    const answer: PolicyAnswer = { sectionId: id, title: section.title, url: `${policy.url}#${id}`, score: Math.round((i === 0 ? score : score / 2) * 100) / 100, ...excerpt, ...quoteNote(policy.lang, lang) };
    if (i === 0) {
      const direct = directAnswer({ intent, question, questionLang, lang, ui: pageLang, index, section, facts: map.facts, request });
      if (direct) answer.direct = direct;
    }
    return answer;
  });
  return done(answers, toText(answers[0]!, lang), request);
}

function quoteNote(policyLang: Lang, lang: Lang): Pick<PolicyAnswer, 'quoteLang' | 'note'> {
  if (policyLang === lang) return {};
  return { quoteLang: policyLang, note: lang === 'en' ? REPLY.onlyNorwegian : REPLY.onlyEnglish };
}
