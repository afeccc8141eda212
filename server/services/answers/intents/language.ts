import { Language } from '@nlpjs/language';

/** The languages a question is told apart in; nn, sv and da are answered in Bokmål. */
export type QuestionLang = 'nb' | 'nn' | 'en' | 'sv' | 'da';

// Function words that mark a language: short questions are too short for trigram statistics
// alone ("do you sell data?"), but one of these words settles them.
const MARKERS: Record<QuestionLang, string[]> = {
  en: ['the', 'do', 'does', 'you', 'your', 'is', 'are', 'what', 'how', 'why', 'who', 'where', 'when', 'which', 'my', 'me', 'i', 'can', 'will', 'data', 'please', 'with', 'about', 'of', 'to', 'and', 'it', 'have', 'get', 'want', 'stop', 'delete', 'long', 'keep', 'sell', 'share', 'any', 'anyone', 'u', 'r'],
  nb: ['jeg', 'dere', 'hva', 'hvordan', 'hvorfor', 'hvem', 'hvor', 'når', 'nar', 'ikke', 'mine', 'mitt', 'min', 'meg', 'og', 'er', 'det', 'kan', 'har', 'til', 'om', 'av', 'på', 'pa', 'lenge', 'noe', 'bli', 'blir', 'skal', 'vil', 'hvilke', 'hvilken', 'opplysningene', 'dataene'],
  nn: ['eg', 'kva', 'korleis', 'kvifor', 'kven', 'kor', 'ikkje', 'dykk', 'dykkar', 'opplysningane', 'vert', 'frå', 'nokon', 'noko', 'tek', 'lagrar'],
  sv: ['jag', 'ni', 'vad', 'hur', 'varför', 'vem', 'inte', 'mina', 'mig', 'och', 'är', 'länge', 'uppgifter', 'personuppgifter', 'sparar', 'delar', 'vilka', 'vilken', 'till'],
  da: ['jeg', 'i', 'hvad', 'hvordan', 'hvorfor', 'ikke', 'mine', 'mig', 'og', 'er', 'jer', 'oplysninger', 'personoplysninger', 'længe', 'gemmer', 'indsamler', 'bruger'],
};
const SETS = Object.fromEntries(Object.entries(MARKERS).map(([k, v]) => [k, new Set(v)])) as Record<QuestionLang, Set<string>>;
const ISO: Record<string, QuestionLang> = { nob: 'nb', nno: 'nn', eng: 'en', swe: 'sv', dan: 'da' };
const guesser = new Language();

/**
 * The language a question is written in: a vote of marker words, and for a tie NLP.js's trigram
 * guess among the five. `fallback` (the page's language) when nothing tells them apart ("SCC").
 */
export function detectLanguage(question: string, fallback: 'nb' | 'en'): QuestionLang {
  const words = question.toLowerCase().match(/\p{L}+/gu) ?? [];
  const score = (lang: QuestionLang) => words.filter((w) => SETS[lang].has(w)).length;
  // Letters no other of the five uses settle Swedish and Danish/Norwegian apart from English.
  const votes: Record<QuestionLang, number> = { nb: score('nb'), nn: score('nn'), en: score('en'), sv: score('sv'), da: score('da') };
  const nynorsk = votes.nn > 0;
  if (/[äö]/.test(question.toLowerCase())) votes.sv += 2;
  if (/[æøå]/.test(question.toLowerCase())) { votes.nb += 1; votes.nn += 1; votes.da += 1; votes.en -= 2; }
  // nynorsk shares most words with Bokmål: a nynorsk word decides.
  if (nynorsk) votes.nn += votes.nb;
  else votes.nn = 0;
  const best = Math.max(...Object.values(votes));
  const top = (Object.keys(votes) as QuestionLang[]).filter((k) => votes[k] === best);
  if (best > 0 && top.length === 1) return top[0]!;
  if (best > 0 && top.every((l) => l !== 'en')) return top.includes('nb') ? 'nb' : top[0]!;
  const guess = guessBest(question);
  const lang = guess && ISO[guess.alpha3];
  if (lang && words.length >= 3 && (best === 0 || top.includes(lang))) return lang;
  return fallback;
}

/**
 * NLP.js's trigram guess among our five. It throws on text in a script none of them is written
 * in (it finds the script, then no allowed language of it: "ꔞ𒔉𓊽ⷌ𖤮", Cyrillic): such a
 * question has no guess, and is answered in the page's language.
 */
function guessBest(question: string): { alpha3: string } | undefined {
  try {
    return guesser.guessBest(question, Object.keys(ISO));
  } catch {
    return undefined;
  }
}

/** The language a reply is written in: English for English, Bokmål for the Scandinavian ones. */
export const replyLang = (lang: QuestionLang): 'nb' | 'en' => (lang === 'en' ? 'en' : 'nb');
