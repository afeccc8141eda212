/**
 * Words that name personal data or a privacy concept, in Norwegian (Bokmål, nynorsk), Swedish,
 * Danish and English, matched on a word folded as the classifier folds it (æ→ae, ø→o, å→a,
 * "e-post" → "epost").
 *
 * Why a list beside the trained model: most words the model learnt for a policy intent are verbs
 * and question words ("share", "keep", "how long", "lagre", "slette") that are as much at home in
 * "how long is the warranty?" or "do you share recipes?". What makes a question about privacy is
 * what is kept or shared: the visitor's data. The kinds of personal data (Art. 4(1) GDPR: name,
 * contact details, identifiers, location, online identifiers) and the concepts every policy must
 * name (Art. 13 and 14) are the same on every site, so this list is part of the fixed taxonomy,
 * not of one site or one test set. A site's own kinds of data ("frame numbers") are found in its
 * policy text instead (see `aboutPrivacy`).
 */

// Scandinavian compounds put the head last ("kundedata", "betalingsopplysningene",
// "e-postadressen"), so these are matched as the end of a word, with its inflections.
const NORDIC_HEADS = [
  'data', 'dataene', 'dataen',
  'opplysning(?:er|en|ene|ar|ane)?', 'oplysning(?:er|erne)?', 'uppgift(?:er|erna)?',
  'informasjon(?:en)?', 'information(?:en)?', 'info(?:en)?',
  'epost(?:en|er|ane)?', 'epostadress(?:e|en|er|ene|a)', 'adress(?:e|en|er|ene|a)',
  'navn(?:et|a|ene)?', 'namn(?:et)?',
  '(?:telefon|mobil|person|fodsels|tlf|kort)nummer(?:et|a)?',
  'konto(?:en|er|ane)?', 'profil(?:en|er|ane)?', 'cv(?:en)?', 'soknad(?:en|er|ar)?',
  'historikk(?:en)?', 'samtykke(?:t|r|ne)?', 'innsyn(?:et)?', 'kapsl(?:er|ene|ar|ane)', 'cookies?',
  'sporing(?:en)?', 'nyhetsbrev(?:et|ene)?', 'tredjeland', 'profilering(?:en)?', 'portabilitet(?:en)?',
];
// Words that are privacy concepts wherever they stand in a compound ("personvernerklæringen").
const NORDIC_ANYWHERE = ['personvern', 'gdpr', 'tilsyn', 'behandlingsansvarl', 'databehandl', 'berettig', 'anonymi', 'pseudonym'];
const NORDIC = new RegExp(`^(?:\\p{L}*(?:${NORDIC_HEADS.join('|')})|\\p{L}*(?:${NORDIC_ANYWHERE.join('|')})\\p{L}*|eos)$`, 'u');

const ENGLISH = new Set(
  `data information info details personal privacy email emails mail address addresses name names number numbers
  account accounts profile profiles consent cookie cookies gdpr tracking cv resume history records ip location
  newsletter newsletters mailing dpo controller processor processors eea profiling birthday identity
  legitimate erasure rectification portability retention anonymised anonymized pseudonymised`.split(/\s+/),
);
// A typo is one letter added, left out, changed, or two swapped ("emial", "opplysnignene"), in a
// word of five letters or more (a Nordic head of six): in a shorter one, one letter changed is
// more often another word ("date" is not "data").
const TYPO_FROM = 5;
const NORDIC_TYPO_FROM = 6;
// "personopplysningsbehandlingsavtalen" has 35 letters; a typo is looked for in words of up to 24.
const LONGEST_WORD = 40;
const LONGEST_TYPO = 24;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every word one edit from `word`, with where the edit is. */
function oneEditAway(word: string): [candidate: string, at: number][] {
  const out: [string, number][] = [];
  for (let i = 0; i <= word.length; i += 1) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) out.push([head + tail.slice(1), i]);
    if (tail.length > 1) out.push([head + tail[1] + tail[0] + tail.slice(2), i]);
    for (const c of LETTERS) {
      out.push([head + c + tail, i]);
      if (tail) out.push([head + c + tail.slice(1), i]);
    }
  }
  return out;
}

const HEAD = new RegExp(`^(\\p{L}*?)(${NORDIC_HEADS.join('|')})$`, 'u');
/** A misspelling of a listed word: the edit falls inside it, not in a compound's first part ("salesforce" is not "…cv"). */
function misspelt(candidate: string, at: number): boolean {
  if (candidate.length >= TYPO_FROM && ENGLISH.has(candidate)) return true;
  const head = HEAD.exec(candidate);
  return head !== null && head[2]!.length >= NORDIC_TYPO_FROM && at >= head[1]!.length;
}

/**
 * Whether a folded word names personal data or a privacy concept ("opplysningene", "email",
 * "kundedata"); with `typos`, also a word one edit from one ("informaton", "opplysnignene").
 */
export function namesPersonalData(word: string, { typos = false } = {}): boolean {
  // No word is this long; the cap keeps a pasted blob from costing seconds (one edit of an n-letter word is 55n candidates).
  if (word.length > LONGEST_WORD) return false;
  if (ENGLISH.has(word) || NORDIC.test(word)) return true;
  return typos && word.length >= TYPO_FROM && word.length <= LONGEST_TYPO && oneEditAway(word).some(([candidate, at]) => misspelt(candidate, at));
}

/**
 * The visitor as what the question is about: "om meg", "about me", or a privacy verb with "me"
 * as its object ("fjern meg", "delete me", "forget me"). `words` folded, in order; `isVerb` says
 * which words count as privacy verbs.
 */
const ME = new Set(['meg', 'me', 'mig']);
const ABOUT = new Set(['om', 'about', 'on', 'pa']);
export const aboutMe = (words: string[], isVerb: (word: string) => boolean) =>
  words.some((w, i) => ME.has(w) && i > 0 && (ABOUT.has(words[i - 1]!) || isVerb(words[i - 1]!)));
