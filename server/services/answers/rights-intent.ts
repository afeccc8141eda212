import type { Lang, PolicyAnswer, RightsKind } from '../../../protocol/index.ts';
import type { PolicyIndex } from './policy-index.ts';
import { fold, words } from './text.ts';

// Patterns run on the folded question (æøå → a/o/a, see fold) as lowercase words joined by single
// spaces, so "få" is "fa", "når" is "nar" and "e-post" is "e post". Bokmål and English both apply
// whatever the chat's language: visitors write in either.

/** The data a visitor means when they ask for "theirs". */
const DATA = String.raw`(?:\w*opplysning\w*|data\w*|info\w*|personal data|personal information|details|records?)`;
/** "my data", "dataene mine", "om meg", "about me": the visitor's own data, not data in general. */
const MINE = new RegExp(String.raw`\b(?:(?:mine|min|mitt|my) (?:personal )?${DATA}|${DATA} (?:mine|om meg|pa meg|about me|on me)|om meg|pa meg|about me|on me)\b`);
/** The visitor speaks of themselves ("jeg", "meg", "my", "can I"); nb "i" is "in", so English "I" only in a phrase. */
const PERSONAL = /\b(?:jeg|meg|mine|min|mitt|me|my|myself)\b|\b(?:can|may|could|do|how) i\b|\bi (?:want|would|wish|need)\b/;

type Rule = RegExp | ((q: string) => boolean);
const test = (rule: Rule, q: string) => (rule instanceof RegExp ? rule.test(q) : rule(q));
const all = (...rules: Rule[]) => (q: string) => rules.every((r) => test(r, q));
const any = (...rules: Rule[]) => (q: string) => rules.some((r) => test(r, q));
const unless = (except: RegExp, rule: Rule) => (q: string) => !except.test(q) && test(rule, q);

/** "Slett samtalen" is the chat's own erase button, "når sletter dere…" a question about retention, cookies the cookie notice's. */
const NOT_ERASURE = /\b(?:samtale\w*|chat\w*|conversation\w*|\w*cookie\w*|\w*kaps\w*|nar|when|hvor lenge|how long)\b/;

/**
 * First match wins, so the most specific rights come first: "kan jeg få slettet dataene mine" is
 * erasure though it also reads as "få … dataene mine", and "send me my data as a file" portability.
 */
const RULES: [RightsKind, (q: string) => boolean][] = [
  // Unsubscribing from marketing is withdrawing a consent (GDPR Art. 7(3)), the most common one.
  ['withdraw-consent', any(
    /\b(?:trekk\w*|withdraw\w*|revok\w*|tilbakekall\w*|angre\w*)\b.*\b(?:samtykk\w*|consent\w*)\b/,
    /\b(?:unsubscrib\w*|avmeld\w*|meld\w* (?:meg )?av|opt(?:e|ing)? out)\b/,
    all(/\b(?:vil ikke|ikke ha|ikke (?:lenger )?(?:motta|fa)|ikke mer|ikke flere|slutt\w*|stopp?\w*|no more|don t want|fjern\w* meg|remove me|reserver\w*)\b/,
      /\b(?:reklame\w*|nyhetsbrev\w*|markedsforing\w*|marketing|newsletters?|ads|adverts?|advertising|spam|e ?post\w*|emails?|sms\w*|tilbud\w*|offers)\b/),
  )],
  ['erasure', any(
    /\b(?:bli glemt|be forgotten)\b/,
    unless(NOT_ERASURE, all(/\b(?:slett\w*|delete\w*|erase\w*|remove|fjern\w*|glem\w*|forget)\b/, /\b(?:meg|mine|min|mitt|me|my|konto\w*|account|profil\w*)\b/)),
  )],
  ['portability', all(
    any(/\b(?:fil|filen|file|last\w* ned|download\w*|eksport\w*|export\w*|maskinlesbar\w*|machine readable|csv|json|portab\w*|dataportabilitet)\b/,
      /\b(?:overfor\w*|flytt\w*|ta med|transfer\w*|move|take)\b.*\b(?:til en annen|to another)\b/),
    MINE,
  )],
  ['rectification', all(
    /\b(?:rette|retter|rettet|retting|endre|endr[ea]t?|oppdater\w*|korriger\w*|feil|correct\w*|rectif\w*|update\w*|change|fix|wrong|incorrect)\b/,
    any(/\b(?:\w*adresse\w*|navn\w*|e ?post\w*|telefon\w*|mobil\w*|address\w*|name|email|phone\w*|number)\b/, MINE),
    PERSONAL,
  )],
  ['restriction', all(/\b(?:begrens\w*|restrict\w*|limit\w*)\b/, /\b(?:behandling\w*|process\w*|bruk\w*|use)\b/, PERSONAL)],
  ['objection', all(/\b(?:protest\w*|motsett\w*|innsigelse\w*|object|objects|objecting|objection)\b/, PERSONAL)],
  ['access', any(
    /\b(?:innsyn\w*|subject access|dsar)\b/,
    all(/\b(?:se|sjekk\w*|vis|vise|fa vite|fa tilgang|tilgang|oversikt|kopi|see|view|access|check|copy|show)\b/, MINE),
    all(/\b(?:hva|hvilke\w*|what|which)\b.*\b(?:vet|har|lagrer|know|have|hold|store|keep)\b/, MINE),
  )],
];

/**
 * Words the rules rely on, for typo tolerance: a word of six letters or more one edit away from one
 * of them (ten or more, two edits) is read as it, much as the policy search's fuzzy match does.
 * Only long, distinctive words: "delte" (shared) must not become "delete".
 */
const VOCABULARY = `opplysninger opplysningene personopplysninger personopplysningene informasjon informasjonen dataene
  innsyn slette sletter slettet slettes fjerne delete erase remove forget unsubscribe avmelde samtykke samtykket
  consent withdraw trekke tilbake reklame nyhetsbrev nyhetsbrevet markedsforing marketing newsletter adressen adresse
  address correct korrigere oppdatere update endre rectify eksportere export download portability dataportabilitet
  overfore transfer begrense behandlingen processing restrict protestere object`.split(/\s+/).filter(Boolean);

/** Damerau–Levenshtein distance (adjacent swaps count one), up to `max`; more is reported as `max + 1`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The vocabulary folded as questions in each language are, once. */
const FOLDED: Record<Lang, string[]> = { nb: VOCABULARY.map((v) => fold(v, 'nb')), en: VOCABULARY.map((v) => fold(v, 'en')) };

function correct(word: string, lang: Lang): string {
  if (word.length < 6) return word;
  const max = word.length >= 10 ? 2 : 1;
  const known = FOLDED[lang];
  if (known.includes(word)) return word;
  return known.find((v) => v.length >= 6 && distance(word, v, max) <= max) ?? word;
}

/**
 * The GDPR right a typed question asks to use, or `undefined` when it asks about something else.
 * "kan jeg se dataene mine" and "what do you know about me" are access, "slett meg" erasure,
 * "jeg vil ikke ha mer reklame" withdrawal of consent; "hvor lenge lagrer dere data" and
 * "do you use cookies" are questions for the policy.
 */
export function readRightsIntent(question: string, lang: Lang): RightsKind | undefined {
  const q = words(fold(question, lang)).map((w) => correct(w, lang)).join(' ');
  return RULES.find(([, matches]) => matches(q))?.[0];
}

/** "Dine rettigheter", "Your rights", "Rettighetene dine", "What are my rights?". */
const RIGHTS_HEADING = /\b(?:\w*rettighet\w*|rights?)\b/;

/**
 * The policy's own section on the visitor's rights, as an answer to the question (its sentences
 * that best match it), or `undefined` when no heading names rights.
 */
export function rightsSection(index: PolicyIndex, question: string, found: PolicyAnswer[]): PolicyAnswer | undefined {
  const section = index.sections.find((s) => s.path.length > 1 && RIGHTS_HEADING.test(fold(s.title, 'nb')));
  if (!section) return undefined;
  return found.find((a) => a.sectionId === section.id) ?? index.answerFrom(section.id, question);
}
