import type { PolicySection } from './sections.ts';

/** What a policy says that answers common questions directly, found in its text. */
export interface PolicyFacts {
  controller?: string;
  address?: string;
  emails: string[];
  /** Periods named in the policy ("30 dager", "13 months"), with the sentence that names them. */
  periods: { period: string; sentence: string }[];
  /** Countries outside the EEA that data goes to. */
  destinations: string[];
  /** The safeguards named for those transfers. */
  safeguards: string[];
  authority?: string;
  /** The items of the list that says what is collected, when the policy has one. */
  categories: string[];
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// "Brennalia 78, 1481 Hagan": a street and number, a four- or five-digit post code and a place.
const ADDRESS = /\p{Lu}[\p{L}'-]*(?:\s[\p{L}'-]+){0,2}\s\d+\s?[A-Za-z]?,\s*(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{Lu}[\p{L}-]+(?:,\s*(?:Norge|Norway|Sverige|Danmark))?/u;
const CONTROLLER = /\s(?:er|is)\s+(?:the\s+)?(?:behandlingsansvarlig|dataansvarlig|(?:data\s+)?controller)\b/iu;

/** The name before "er behandlingsansvarlig" / "is the controller": up to four words, from the first capitalised one. */
function controllerIn(sentence: string): string | undefined {
  const m = CONTROLLER.exec(sentence);
  if (!m) return undefined;
  const before = sentence.slice(0, m.index).split(/\s+/).filter(Boolean).slice(-4);
  const start = before.findIndex((w) => /^\p{Lu}/u.test(w));
  return start < 0 ? undefined : before.slice(start).join(' ').replace(/[,:;]$/, '');
}
const PERIOD = /\b(\d+|en|ett|én|to|tre|fire|fem|seks|one|two|three|four|five|six|twelve|tolv)\s+(dager|dagar|døgn|uker|veker|måneder|månader|månedar|år|days|weeks|months|years)\b/giu;
const DESTINATIONS: [string, RegExp][] = [
  ['USA', /\b(USA|US|U\.S\.|United States|Amerika|America|De forente stater)\b/],
  ['Storbritannia', /\b(Storbritannia|UK|United Kingdom|Great Britain)\b/],
  ['India', /\bIndia\b/],
  ['Kina', /\b(Kina|China)\b/],
  ['Canada', /\bCanada\b/],
];
const SAFEGUARDS: [string, RegExp][] = [
  ['SCC', /\b(SCC|standard contractual clauses|standard ?personvernbestemmelser|standardkontrakt\w*|Standard Contractual Clauses)\b/i],
  ['EU–US Data Privacy Framework', /\b(Data Privacy Framework|DPF)\b/i],
  ['BCR', /\b(BCR|binding corporate rules|bindende virksomhetsregler)\b/i],
];
const AUTHORITIES = /\b(Datatilsynet|Integritetsskyddsmyndigheten|Information Commissioner(?:'s Office)?|ICO|Data Protection Commission)\b/;

export function extractFacts(sections: PolicySection[], intentSections: (intent: string) => PolicySection[]): PolicyFacts {
  const all = sections.flatMap((s) => s.sentences);
  const text = all.join(' ');
  const sentencesOf = (intent: string) => intentSections(intent).flatMap((s) => s.sentences);
  const emails = [...new Set((text.match(EMAIL) ?? []).map((e) => e.replace(/[.)]+$/, '')))];
  const address = ADDRESS.exec([...sentencesOf('contact'), ...sentencesOf('controller'), ...all].join(' '))?.[0];
  const controller = [...sentencesOf('controller'), ...all].map(controllerIn).find(Boolean);
  const periods: PolicyFacts['periods'] = [];
  for (const sentence of sentencesOf('retention')) {
    for (const m of sentence.matchAll(PERIOD)) periods.push({ period: m[0], sentence });
  }
  const transfer = sentencesOf('transfer').join(' ');
  const destinations = DESTINATIONS.filter(([, re]) => re.test(transfer)).map(([name]) => name);
  const safeguards = SAFEGUARDS.filter(([, re]) => re.test(transfer)).map(([name]) => name);
  const authority = AUTHORITIES.exec([...sentencesOf('complaint'), ...all].join(' '))?.[1];
  const categories = intentSections('data_collected').flatMap((s) => s.blocks.filter((b) => b.item).map((b) => b.sentences[0]!));
  return { ...(controller ? { controller } : {}), ...(address ? { address } : {}), emails, periods, destinations, safeguards, ...(authority ? { authority } : {}), categories };
}
