import type { Lang } from '../../../protocol/index.ts';

/**
 * Lowercase and fold letters so that what people type matches the policy: accents go
 * (é → e), å/æ/ø become a/a/o, and in Bokmål the ASCII spellings aa/ae/oe fold the same way
 * ("overfoering", "overforing" and "overføring" are one word). Both the policy and the question
 * go through this, so a collision only costs a little precision.
 */
export function fold(text: string, lang: Lang): string {
  let s = text
    .toLowerCase()
    .replace(/æ/g, 'a')
    .replace(/ø/g, 'o')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  if (lang === 'nb') s = s.replace(/aa/g, 'a').replace(/ae/g, 'a').replace(/oe/g, 'o');
  return s;
}

/** Words: letters and digits; hyphens and apostrophes split ("e-post" → e, post; "don't" → don, t). */
export function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// Suffixes longest first. Light stemming in the spirit of Snowball's "light" stemmers: strip
// inflection, keep the stem recognisable, never cut below MIN_STEM letters.
const NB_SUFFIXES = ['hetene', 'hetens', 'heten', 'heter', 'ingene', 'ingen', 'inger', 'elsen', 'elser', 'ende', 'ede', 'ene', 'ane', 'ert', 'ing', 'het', 'ets', 'ens', 'ers', 'er', 'en', 'et', 'es', 'a', 'e', 's'];
const EN_SUFFIXES = ['ations', 'ation', 'ing', 'ies', 'ied', 'ed', 'es', 'ly', 's', 'e'];
const MIN_STEM = 3;

/** Strips one inflectional suffix from a folded word. */
export function stem(word: string, lang: Lang): string {
  const suffixes = lang === 'nb' ? NB_SUFFIXES : EN_SUFFIXES;
  for (const suffix of suffixes) {
    if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length);
      // As Porter's step 1: "cookies", "cookie" and "policy", "policies" each meet in one stem (cooki, polici).
      if (lang === 'en' && (suffix === 'ies' || suffix === 'ied')) return `${base}i`;
      // "shared" → "shar", "share" → "shar": strip a trailing e as well so both meet.
      return base;
    }
  }
  if (lang === 'en' && /[^aeiou]y$/.test(word) && word.length > MIN_STEM) return `${word.slice(0, -1)}i`;
  return word;
}

// Function words that carry no topic. Question words are here too ("hvem", "who"): a heading
// phrased as a question must not win just because the visitor also asked a question.
const STOP: Record<Lang, string> = {
  nb: `og i jeg det at en et ett den til er som pa de med han av ikke der sa var meg seg men har om vi min mitt ha hadde hun na over da ved fra du ut sin dem oss
    man kan hans hvor eller hva skal selv her alle vil bli ble blitt kunne inn vare kom noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt
    mot meget dette disse uten hvordan ingen din ditt dine blir samme hvilken hvilke hvilket mellom var hver hvem hvis bade bare enn fordi for mange ogsa slik
    vart begge siden eg kva korleis kven kvifor ikkje hei hallo takk gjor gjore gjort far fa fikk mulig mine mye alt alting`,
  en: `a an the and or but if of to in on at by for with about from into over under is are was were be been being am do does did have has had having i me my mine
    we us our ours you your yours he she it its they them their what which who whom whose this that these those can could will would shall should may might must
    how where there here not no yes so than too very just also any all some each please hi hello thanks thank get got want like let tell know
    much many whats everything anything something`,
};

const stopSets = new Map<Lang, Set<string>>();
export function isStopWord(folded: string, lang: Lang): boolean {
  let set = stopSets.get(lang);
  if (!set) stopSets.set(lang, (set = new Set(words(fold(STOP[lang], lang)))));
  return set.has(folded);
}

// Words that carry part of a question but name no topic: "do you *use* cookies?" is about cookies,
// and in a privacy policy "data" is what every section is about. They are searched, but a section
// that matches only them does not answer a question that has other words.
const GENERIC: Record<Lang, string> = {
  nb: `bruke bruker brukes brukt trenge trenger sette setter gi gir ta tar finne finner se ser skje skjer ting info informasjon
    sporsmal lure lurer data dataene opplysninger opplysningene personopplysninger personopplysningene`,
  en: `use uses used using need needs needed set sets make makes give gives take takes find see happen happens thing things stuff info
    information question questions wonder wondering data personal`,
};

const genericSets = new Map<Lang, Set<string>>();
/** Takes a folded word; compares stems, so every inflection of a listed word is generic too. */
export function isGeneric(folded: string, lang: Lang): boolean {
  let set = genericSets.get(lang);
  if (!set) genericSets.set(lang, (set = new Set(words(fold(GENERIC[lang], lang)).map((w) => stem(w, lang)))));
  return set.has(stem(folded, lang));
}

const GREETINGS = new Set(['hei', 'hallo', 'heisann', 'hoi', 'morn', 'takk', 'tusen', 'hello', 'hi', 'hey', 'thanks', 'thank', 'cheers']);
/** Small talk: never a search term, not even when nothing else is left. */
export function isGreeting(folded: string, _lang: Lang): boolean {
  return GREETINGS.has(folded);
}
