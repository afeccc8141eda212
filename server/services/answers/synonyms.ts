import type { Lang } from '../../../protocol/index.ts';
import { fold, stem } from './text.ts';

/**
 * Words a visitor uses for what the policy says in other words, Bokmål and English together so a
 * question in one language still finds the concept in a policy written in the other. A trailing
 * `*` matches every word that starts with the stem ("slett*": sletting, slettes, slettingen).
 * Each group becomes one extra index term, so "fjern meg" meets "sletter" without either word
 * having to appear in the other's text.
 */
export const SYNONYM_GROUPS: Record<string, string[]> = {
  erase: ['slette', 'slett*', 'fjerne', 'fjern*', 'glemt', 'glemme', 'delete*', 'erase*', 'erasure', 'remove*', 'forget*', 'forgotten'],
  access: ['kopi', 'kopien', 'innsyn*', 'utlevering', 'utlevert', 'copy', 'copies', 'portabilitet', 'portability', 'maskinlesbar*', 'export*', 'eksport*'],
  share: ['dele', 'deler', 'delt', 'deling', 'videreformidl*', 'tredjepart*', 'selge', 'selger', 'solgt', 'leie', 'share*', 'sharing', 'disclos*', 'third', 'sell*', 'sold', 'rent'],
  keep: ['lagre', 'lagrer', 'lagret', 'lagring*', 'oppbevar*', 'lagringstid', 'behold*', 'beholde', 'keep*', 'kept', 'store', 'stored', 'storing', 'retain*', 'retention'],
  abroad: ['usa', 'amerika*', 'overforing*', 'overfor', 'overfores', 'overfort', 'utland*', 'tredjeland*', 'america*', 'transfer*', 'abroad', 'outside', 'scc'],
  duration: ['lenge', 'lagringstid', 'tidsrom', 'periode', 'long', 'period', 'retention', 'duration'],
  rights: ['rettighet*', 'rettigheter', 'rights', 'right'],
  complain: ['klage*', 'datatilsyn*', 'tilsynsmyndighet*', 'complain*', 'complaint*', 'authority', 'regulator*', 'supervisory'],
  contact: ['kontakt*', 'epost', 'adresse', 'kontakte', 'ringe', 'contact*', 'email', 'mail', 'reach', 'address', 'personvernansvarlig', 'personvernombud', 'dpo'],
  cookies: ['cookie*', 'informasjonskapsl*', 'sporing', 'spore', 'sporer', 'track*', 'tracking'],
  withdraw: ['trekke', 'trekk', 'meld', 'melde', 'tilbakekall*', 'avmeld*', 'abonnement*', 'reservere', 'withdraw*', 'unsubscrib*', 'subscription*', 'opt'],
  object: ['protester*', 'protestere', 'innsigelse', 'begrens*', 'object', 'objection', 'restrict*'],
  security: ['sikkerhet*', 'sikker', 'trygg*', 'beskytt*', 'kryptering*', 'kryptert', 'avveie', 'lekk*', 'hack*', 'security', 'secure*', 'safe*', 'encrypt*', 'breach*', 'leak*', 'protect*'],
  correct: ['rette', 'retting', 'rettet', 'korriger*', 'oppdatere', 'feil', 'uriktig*', 'correct*', 'rectif*', 'wrong', 'inaccurate', 'fix'],
  collect: ['samle', 'samler', 'samlet', 'innsamling', 'collect*', 'gather*'],
  purpose: ['hvorfor', 'formal*', 'hensikt*', 'why', 'purpose*', 'reason*'],
  jobs: ['jobb*', 'soknad*', 'soker', 'rekrutter*', 'cv', 'job', 'jobs', 'applicant*', 'application*', 'recruit*'],
  basis: ['grunnlag*', 'rettslig', 'lovlig', 'hjemmel', 'basis', 'legal', 'lawful', 'grounds'],
  processors: ['databehandler*', 'underleverandor*', 'leverandor*', 'server*', 'processor*', 'subprocessor*', 'supplier*', 'vendor*', 'hosting'],
  marketing: ['markedsfor*', 'reklam*', 'annonse*', 'nyhetsbrev*', 'marketing', 'advert*', 'ads', 'newsletter*'],
  data: ['data', 'opplysning*', 'personopplysning*', 'persondata', 'personal'],
  changes: ['endring*', 'endret', 'oppdatert', 'changes', 'changed', 'updated', 'update*'],
};

/**
 * Broader terms, added to the question only: "slett meg" is a request under "Dine rettigheter"
 * even though that heading never says "slett". The policy's own words are not broadened, or a
 * section that merely mentions deletion would gain as much as the one listing the right.
 */
export const BROADER: Record<string, string> = {
  '~erase~': '~rights~',
  '~access~': '~rights~',
  '~correct~': '~rights~',
  '~withdraw~': '~rights~',
  '~object~': '~rights~',
};

export interface SynonymMatcher {
  /** The group terms (`~erase~`) a stemmed word belongs to; empty when none. */
  groupsOf(stemmed: string): string[];
}

/** Group ids are wrapped in `~` so no real word, prefix or typo can ever equal one. */
export function createSynonymMatcher(lang: Lang, groups: Record<string, string[]> = SYNONYM_GROUPS): SynonymMatcher {
  const exact = new Map<string, string[]>();
  const prefixes: [string, string][] = [];
  for (const [name, members] of Object.entries(groups)) {
    const id = `~${name}~`;
    for (const member of members) {
      if (member.endsWith('*')) {
        prefixes.push([stem(fold(member.slice(0, -1), lang), lang), id]);
      } else {
        const key = stem(fold(member, lang), lang);
        exact.set(key, [...(exact.get(key) ?? []), id]);
      }
    }
  }
  return {
    groupsOf(stemmed) {
      const found = new Set(exact.get(stemmed) ?? []);
      for (const [prefix, id] of prefixes) if (stemmed.startsWith(prefix)) found.add(id);
      return [...found];
    },
  };
}
