import type { Lang } from '../../../protocol/index.ts';
import { extractFacts, type PolicyFacts } from './facts.ts';
import type { IntentClassifier } from './intents/classifier.ts';
import { FALLBACK_OF, POLICY_INTENTS, isPolicyIntent, type PolicyIntent } from './intents/taxonomy.ts';
import type { PolicySection } from './sections.ts';

/** Which sections of one policy answer which intent, best first, and the facts found in it. */
export interface PolicyMap {
  sections: Partial<Record<PolicyIntent, string[]>>;
  facts: PolicyFacts;
}

/** A section's heading says what it is about far better than its body, which mentions everything. */
const HEADING_WEIGHT = 1;
const BODY_WEIGHT = 0.6;
const INTRO_WEIGHT = 0.5;
/**
 * Words that mark the section holding what an intent asks for, whatever its heading: the one
 * that says "selger ikke" answers "do you sell my data?", not the one about processors.
 */
const CUES: Partial<Record<PolicyIntent, RegExp>> = {
  selling: /\b(selg|selj|sell|sold|solgt)/i,
  retention: /\b\d+\s+(dager|måneder|år|days|months|years)\b/i,
  transfer: /\b(USA|SCC|tredjeland|third countr|utenfor EØS|outside the EEA)\b/i,
  complaint: /\b(Datatilsynet|klage|complain)/i,
};
const CUE_WEIGHT = 0.4;

/** Below this a section is not said to answer an intent: the intent is a gap in the policy. */
const MIN_SCORE = 0.45;

/**
 * Maps each section onto the taxonomy with the same classifier that reads questions: its heading
 * and its opening sentences are classified, and each intent is answered by the sections that
 * score highest for it. An intent with no section of its own borrows one (each right from the
 * rights section); one with none at all is a gap.
 */
export async function mapPolicy(sections: PolicySection[], lang: Lang, classifier: IntentClassifier): Promise<PolicyMap> {
  const locale = lang === 'en' ? 'en' : 'no';
  const scores = new Map<string, Map<string, number>>();
  for (const [position, section] of sections.entries()) {
    const byIntent = new Map<string, number>();
    const add = (intent: string, score: number) => byIntent.set(intent, (byIntent.get(intent) ?? 0) + score);
    const heading = await classifier.classify([section.title, ...section.subheadings.slice(0, 2)].join(' '), locale);
    for (const { intent, score } of heading.all) add(intent, HEADING_WEIGHT * score);
    // The body as a profile: each sentence (at most a dozen) votes for what it is about.
    const sentences = section.sentences.slice(0, 12);
    for (const sentence of sentences) {
      const { all } = await classifier.classify(sentence.slice(0, 300), locale);
      for (const { intent, score } of all) add(intent, (BODY_WEIGHT * score) / sentences.length);
    }
    // A list of rights ("Rett til innsyn", "Rett til sletting", …) is the section on rights.
    const family = [...byIntent].filter(([intent]) => intent.startsWith('right_')).reduce((sum, [, score]) => sum + score, 0);
    add('rights', family / 2);
    // A policy's first part sums up all the others; it answers only what no other part does.
    if (position === 0 && sections.length > 3) for (const [intent, score] of byIntent) byIntent.set(intent, score * INTRO_WEIGHT);
    for (const [intent, cue] of Object.entries(CUES)) {
      if (byIntent.has(intent) && cue.test(section.sentences.join(' '))) byIntent.set(intent, byIntent.get(intent)! + CUE_WEIGHT);
    }
    scores.set(section.id, byIntent);
  }
  const map: Partial<Record<PolicyIntent, string[]>> = {};
  for (const intent of POLICY_INTENTS) {
    const ranked = sections
      .map((s) => ({ id: s.id, score: scores.get(s.id)!.get(intent) ?? 0 }))
      .filter((r) => r.score >= MIN_SCORE)
      .sort((a, b) => b.score - a.score)
      .slice(0, 2)
      .map((r) => r.id);
    // Two neighbours for one intent are a heading and its list ("Hvorfor …?" then "Vi kan bruke
    // opplysningene til følgende formål:"): the one that comes first introduces the other.
    const at = (id: string) => sections.findIndex((s) => s.id === id);
    const lead = (id: string) => sections[at(id)]!.blocks[0]?.item === true;
    if (ranked.length === 2 && at(ranked[1]!) === at(ranked[0]!) - 1 && lead(ranked[0]!)) ranked.reverse();
    if (ranked.length) map[intent] = ranked;
  }
  for (const intent of POLICY_INTENTS) {
    // A question about one right is answered by the section on rights whenever there is one.
    if (FALLBACK_OF[intent] === 'rights' && map.rights) map[intent] = map.rights;
    let from: PolicyIntent | undefined = intent;
    while (!map[intent] && from) {
      from = FALLBACK_OF[from];
      if (from && isPolicyIntent(from) && map[from]) map[intent] = map[from];
    }
  }
  const byId = new Map(sections.map((s) => [s.id, s]));
  const facts = extractFacts(sections, (intent) => (isPolicyIntent(intent) ? (map[intent] ?? []).map((id) => byId.get(id)!) : []));
  return { sections: map, facts };
}
