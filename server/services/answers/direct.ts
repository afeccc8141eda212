import type { Lang, PolicyAnswer, RightsKind } from '../../../protocol/index.ts';
import type { PolicyFacts } from './facts.ts';
import type { QuestionLang } from './intents/language.ts';
import { TOPIC, type PolicyIntent } from './intents/taxonomy.ts';
import type { PolicyIndex, RankedSentence } from './policy-index.ts';
import { REPLY } from './reply-text.ts';
import type { PolicySection } from './sections.ts';

/** Answered with the whole list when the section has one: "what do you collect?" wants all of it. */
const LIST_INTENTS = new Set<PolicyIntent>(['data_collected', 'purposes', 'rights', 'recipients', 'source']);

/** The list item that states each right, in Norwegian or English, whichever the policy is in. */
const RIGHT_ITEM: Partial<Record<PolicyIntent, RegExp>> = {
  right_access: /\b(kopi|innsyn|copy|access)/i,
  right_rectification: /\b(rett(e|ing|et)|korriger|oppdater|correct|rectif|update)/i,
  right_erasure: /\b(slett|erase|delet|erasure)/i,
  right_withdraw: /\b(trekke tilbake|tilbakekall|withdraw)/i,
  unsubscribe: /\b(trekke tilbake|abonnement|withdraw|unsubscrib|subscriptions?)/i,
  right_portability: /\b(portabilitet|overførbar|maskinlesbar|portab|machine-readable|machine readable)/i,
  right_restriction: /\b(begrens|restrict)/i,
  right_objection: /\b(protest|motsette|object)/i,
};

/** Words that mark the sentence holding the fact an intent asks for. */
const CUE: Partial<Record<PolicyIntent, RegExp>> = {
  retention: /\b\d+\s+(dager|måneder|år|uker|days|months|years|weeks)\b|så lenge|as long as/i,
  contact: /@|\b\d{4}\s+\p{Lu}/u,
  controller: /behandlingsansvarlig|dataansvarlig|controller/i,
  transfer: /\b(USA|US|SCC|EØS|EEA|EU)\b|overf|transfer/i,
  complaint: /klage|complain|Datatilsynet/i,
  selling: /\b(selg|selj|sell|sold|solgt)/i,
  security: /krypter|encrypt|tilgangskontroll|access control|sikkerhets|security/i,
  changes: /endr|oppdater|varsl|change|update|notify/i,
};

const MAX_EXCERPT = 450;

/** The policy's own words for the question: whole sentences, and a list as a list. */
export function excerptOf(index: PolicyIndex, section: PolicySection, question: string, intent: PolicyIntent): Pick<PolicyAnswer, 'excerpt' | 'items'> {
  const ranked = index.rankSentences(section.id, question);
  const itemBlocks = section.blocks.filter((b) => b.item);
  const right = RIGHT_ITEM[intent];
  if (right && itemBlocks.length) {
    const block = itemBlocks.find((b) => right.test(b.sentences.join(' ')));
    if (block) return { excerpt: clip(block.sentences) };
  }
  if (LIST_INTENTS.has(intent) && itemBlocks.length >= 2) {
    const firstItem = section.blocks.findIndex((b) => b.item);
    const lead = firstItem > 0 ? section.blocks[firstItem - 1]!.sentences.at(-1)! : section.sentences[0]!;
    const items = itemBlocks.slice(0, 12).map((b) => b.sentences[0]!.replace(/[;,]$/, ''));
    return { excerpt: itemBlocks.some((b) => b.sentences[0] === lead) ? (section.blocks.find((b) => !b.item)?.sentences[0] ?? '') : lead, items };
  }
  const cue = CUE[intent];
  const scored = ranked.map((r) => ({ ...r, score: r.score + (cue?.test(r.text) ? 2 : 0) }));
  const best = scored.filter((r) => r.score > 0).sort((a, b) => b.score - a.score || a.index - b.index).slice(0, 2).sort((a, b) => a.index - b.index);
  const chosen = best.length ? best : scored.slice(0, 2);
  return { excerpt: clip(chosen.map((r) => r.text)) };
}

/** Whole sentences up to the length limit; the first one always, whole. */
function clip(sentences: string[]): string {
  let out = sentences[0] ?? '';
  for (const s of sentences.slice(1)) {
    if (out.length + s.length + 1 > MAX_EXCERPT) break;
    out = `${out} ${s}`;
  }
  return out;
}

const NB_YES_NO = /^(er|har|kan|vil|skal|får|blir|bør|må|gjør|finnes|fins|deler|selger|lagrer|bruker|sender|samler|sporer|krypterer|sletter|overfører|behandler|henter|kjøper|varsler|bygger|tar|gir|følger|beholder|sendes|lagres|overføres|selges|deles|brukes|slettes|krypteres|havner|registrerer|registreres|tek|sel|delar|säljer|sparar|sælger|gemmer)\b/;
const EN_YES_NO = /^(do|does|did|is|are|was|were|will|would|can|could|have|has|should|may|am)\b/;

/** A question answered by yes or no: it starts with a verb, not a question word. */
export function isYesNo(question: string, lang: QuestionLang): boolean {
  const q = question.trim().toLowerCase().replace(/^(og|men|and|but|so|så)\s+/, '');
  if (lang === 'en') return EN_YES_NO.test(q);
  return NB_YES_NO.test(q) || /^\p{L}+(?:er|es)\s+(dere|du|jeg|vi|det|de|ni|i)\b/u.test(q);
}

// "ikke lenger" (no longer) states when, not whether: it does not make the answer no.
const NEGATION = /\b(ikke|ikkje|aldri|verken|ingen|inte|never|not|no|neither|nor)\b(?!\s+(lenger|longer|needed|nødvendig))|n't\b/i;

export interface DirectInput {
  intent: PolicyIntent;
  question: string;
  questionLang: QuestionLang;
  lang: Lang;
  /** The widget's language (the page's): buttons are named as it labels them. */
  ui: Lang;
  index: PolicyIndex;
  section: PolicySection;
  facts: PolicyFacts;
  request?: RightsKind;
}

const list = (items: string[], lang: Lang) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${lang === 'nb' ? 'og' : 'and'} ${items.at(-1)}`);

/** The answer in one or two sentences, in the visitor's language, before the policy's own words. */
export function directAnswer({ intent, question, questionLang, lang, ui, index, section, facts, request }: DirectInput): string | undefined {
  const yesNo = isYesNo(question, questionLang);
  const nb = lang === 'nb';
  const yes = REPLY.yes[lang];
  const no = REPLY.no[lang];
  if (request) return `${yesNo ? `${yes} ` : ''}${REPLY.request(lang, request, ui)}`;
  switch (intent) {
    case 'contact': {
      const email = facts.emails[0];
      if (!email) break;
      const post = facts.address ? (nb ? ` eller sende brev til ${facts.address}` : `, or send a letter to ${facts.address}`) : '';
      return `${yesNo && facts.address && /brev|post|letter|adress/i.test(question) ? `${yes} ` : ''}${nb ? `Du kan skrive til ${email}${post}.` : `You can write to ${email}${post}.`}`;
    }
    case 'controller':
      if (!facts.controller) break;
      return nb ? `${facts.controller} er behandlingsansvarlig${facts.address ? ` (${facts.address})` : ''}.` : `${facts.controller} is the controller responsible for your personal data${facts.address ? ` (${facts.address})` : ''}.`;
    case 'retention': {
      const periods = [...new Set(facts.periods.map((p) => p.period))];
      if (!periods.length) break;
      return nb ? `Personvernerklæringen oppgir denne fristen: ${list(periods, lang)}.` : `The period the privacy policy gives is ${list(periods.map((p) => translatePeriod(p)), lang)}.`;
    }
    case 'transfer':
      if (!facts.destinations.length) break;
      return `${yesNo ? `${yes} ` : ''}${nb ? `Personopplysninger overføres til ${list(facts.destinations, lang)}${facts.safeguards.length ? `, med ${list(facts.safeguards, lang)} som grunnlag` : ''}.` : `Personal data is transferred to ${list(facts.destinations.map((d) => (d === 'Storbritannia' ? 'the UK' : d === 'Kina' ? 'China' : d)), lang)}${facts.safeguards.length ? `, under ${list(facts.safeguards, lang)}` : ''}.`}`;
    case 'complaint':
      if (!facts.authority) break;
      return `${yesNo ? `${yes} ` : ''}${nb ? `Du kan klage til ${facts.authority}.` : `You can complain to ${facts.authority}.`}`;
    case 'selling': {
      const sentence = section.sentences.find((s) => CUE.selling!.test(s));
      if (!sentence || !NEGATION.test(sentence)) break;
      const consent = /samtykke|consent/i.test(sentence);
      return nb ? `${no} Opplysningene dine selges ikke${consent ? ' uten samtykke' : ''}.` : `${no} Your data is not sold${consent ? ' without your consent' : ''}.`;
    }
    default:
      break;
  }
  if (yesNo) {
    const best = bestMatch(index.rankSentences(section.id, question));
    if (best) return `${NEGATION.test(best.text) && !NEGATION.test(question) ? no : yes}`;
  }
  if (section && lang !== index.lang) return `The privacy policy answers this (${TOPIC[intent].en}) under “${section.title}”.`;
  return undefined;
}

function bestMatch(ranked: RankedSentence[]): RankedSentence | undefined {
  const top = [...ranked].sort((a, b) => b.score - a.score || a.index - b.index)[0];
  return top && top.score > 0 ? top : undefined;
}

function translatePeriod(period: string): string {
  return period.replace(/dager|døgn/, 'days').replace(/uker/, 'weeks').replace(/måneder|månader/, 'months').replace(/\bår\b/, 'years');
}
