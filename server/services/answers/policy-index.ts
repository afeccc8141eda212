import MiniSearch, { type SearchResult } from 'minisearch';
import type { Lang, PolicyAnswer } from '../../../protocol/index.ts';
import { bestSentences } from './excerpt.ts';
import { toMarkdown } from './ingest.ts';
import { intentClassifier } from './intents/classifier.ts';
import { mapPolicy, type PolicyMap } from './policy-map.ts';
import { splitPolicy, type PolicySection } from './sections.ts';
import { BROADER, createSynonymMatcher } from './synonyms.ts';
import { answersQuestion, type QuestionWord } from './relevance.ts';
import { fold, isGeneric, isGreeting, isStopWord, stem, words } from './text.ts';

export interface PolicyIndexOptions {
  /** Markdown, HTML or plain text: see ingest.ts. */
  markdown: string;
  lang: Lang;
  /** The published policy; answers link to `url#sectionId`. */
  url: string;
}

export interface AskOptions {
  /** @default 3 */
  limit?: number;
}

export interface PolicyIndex {
  title: string;
  sections: PolicySection[];
  /** Best sections first; empty when nothing in the policy is about the question. */
  ask(question: string, options?: AskOptions): PolicyAnswer[];
  /** One section as an answer to the question, whatever the search would pick: its best sentences for the question's words. */
  answerFrom(sectionId: string, question: string): PolicyAnswer | undefined;
  /** The section's sentences with how many of the question's topic words each contains. */
  rankSentences(sectionId: string, question: string): RankedSentence[];
  /** Whether the policy uses the word (folded; by its stem or compound tail): a site's own kind of data, "frame numbers". */
  uses(word: string): boolean;
  /** Which sections answer which intent, and the facts in the policy; built once, on first use. */
  map(): Promise<PolicyMap>;
  lang: Lang;
  url: string;
}

export interface RankedSentence {
  text: string;
  /** Position in the section. */
  index: number;
  /** Distinct topic words of the question found in it. */
  score: number;
  /** Part of a list item. */
  item: boolean;
}

/**
 * Spellings that would otherwise split into meaningless halves ("e-post" → "e", "post"), and "the
 * US", whose "us" is otherwise a stop word.
 */
const preNormalise = (text: string) => text.replace(/\be-?(post|mail)/g, 'e$1').replace(/\b(?:the us|u\.s\.(?:a\.)?)(?!\p{L})/gu, 'usa');

const notSynonym = (term: string) => !term.startsWith('~');

const SEARCH = {
  boost: { title: 2.5 },
  combineWith: 'OR' as const,
  prefix: (term: string) => notSynonym(term) && term.length >= 4,
  fuzzy: (term: string) => (notSynonym(term) && term.length >= 5 ? 0.2 : false),
  maxFuzzy: 2,
  weights: { prefix: 0.5, fuzzy: 0.35 },
  // The question is expanded by `ask` itself; minisearch gets the finished terms.
  tokenize: (q: string) => q.split(' '),
  processTerm: (t: string) => t,
};

/**
 * Builds a search index over one policy. Bokmål and English go through one pipeline with their
 * own stemmer and stop words: fold → words → stem → synonym groups and compound tails.
 */
export function createPolicyIndex({ markdown, lang, url }: PolicyIndexOptions): PolicyIndex {
  const { title, sections } = splitPolicy(toMarkdown(markdown));
  const synonyms = createSynonymMatcher(lang);
  const tokenize = (text: string) => words(preNormalise(fold(text, lang)));
  const sectionText = (s: PolicySection) => [s.title, ...s.subheadings, ...s.sentences].join(' ');

  // Bokmål writes compounds as one word ("datasikkerhet", "personopplysninger"); a visitor
  // types the parts. A word ending in a word of this policy or of the synonym list yields that tail.
  const vocabulary = new Set(sections.flatMap((s) => tokenize(sectionText(s))).filter((w) => w.length >= 4));
  const compoundTail = (word: string): string | undefined => {
    if (lang !== 'nb' || word.length < 8) return undefined;
    // Tails of five letters or more: "markedsføring" must not end in "ring" (as in "ringe", call).
    for (let i = 3; i <= word.length - 5; i += 1) {
      const tail = word.slice(i);
      if (vocabulary.has(tail) || synonyms.groupsOf(stem(tail, lang)).length) return tail;
    }
    return undefined;
  };
  const expand = (word: string): string[] => {
    const terms = new Set<string>();
    for (const w of [word, compoundTail(word)]) {
      if (!w) continue;
      const s = stem(w, lang);
      terms.add(s);
      for (const g of synonyms.groupsOf(s)) terms.add(g);
    }
    return [...terms];
  };

  const index = new MiniSearch<{ id: number; title: string; body: string }>({ fields: ['title', 'body'], tokenize, processTerm: expand });
  index.addAll(sections.map((s, id) => ({ id, title: [s.title, ...s.subheadings].join('. '), body: s.sentences.join(' ') })));

  // Words in most sections ("data", "opplysninger" in a privacy policy) tell the sections apart
  // no better than stop words do; a question made only of them still searches with them. On a
  // policy of one or two sections every word is in "most" of them, and none is common.
  const sectionTerms = sections.map((s) => new Set(tokenize(sectionText(s)).flatMap(expand)));
  const policyTerms = new Set(sectionTerms.flatMap((terms) => [...terms]));
  const common = (term: string) => sections.length >= 3 && sectionTerms.filter((t) => t.has(term)).length > sections.length / 2;
  // The text under the document's title sums up every other section, so it matches a little of
  // everything; it answers only what no section of its own does.
  const boostDocument = (id: number) => (sections[id]!.path.length === 1 && sections.length > 1 ? 0.5 : 1);
  const broader = (term: string) => (BROADER[term] ? [BROADER[term]] : []);

  const answer = (section: PolicySection, queryTerms: string[], score: number): PolicyAnswer => ({
    sectionId: section.id,
    title: section.title,
    excerpt: bestSentences(section.sentences, (sentence) => tokenize(sentence).flatMap(expand), queryTerms),
    url: `${url}#${section.id}`,
    score: Math.round(score * 100) / 100,
  });

  const topicTerms = (question: string) => [...new Set(tokenize(question).filter((w) => !isGreeting(w, lang) && !isStopWord(w, lang) && !isGeneric(w, lang)).flatMap(expand))];
  const matches = (term: string, q: string) => term === q || (q.length >= 4 && !q.startsWith('~') && term.startsWith(q));
  let built: Promise<PolicyMap> | undefined;

  return {
    title,
    sections,
    lang,
    url,
    map() {
      built ??= intentClassifier().then((classifier) => mapPolicy(sections, lang, classifier));
      return built;
    },
    uses(word) {
      const found = tokenize(word);
      return found.length > 0 && found.every((w) => expand(w).some((t) => notSynonym(t) && policyTerms.has(t)));
    },
    rankSentences(sectionId, question) {
      const section = sections.find((s) => s.id === sectionId);
      if (!section) return [];
      const query = topicTerms(question);
      const items = new Set(section.blocks.filter((b) => b.item).flatMap((b) => b.sentences));
      return section.sentences.map((text, index) => {
        const terms = tokenize(text).flatMap(expand);
        return { text, index, item: items.has(text), score: query.filter((q) => terms.some((t) => matches(t, q))).length };
      });
    },
    ask(question, { limit = 3 } = {}) {
      const all = tokenize(question);
      // A stop word that names a concept ("hvorfor", "when") still counts through its synonym group.
      const topical = all.filter((w) => !isGreeting(w, lang) && (!isStopWord(w, lang) || synonyms.groupsOf(stem(w, lang)).length > 0));
      let results: SearchResult[];
      let queryTerms: string[];
      if (topical.length) {
        const words: QuestionWord[] = [...new Set(topical)].map((word) => {
          const terms = expand(word);
          return { word, terms, weak: isGeneric(word, lang) || terms.every(common) };
        });
        const expanded = [...new Set(words.flatMap((w) => w.terms))];
        const distinctive = [...new Set([...expanded.filter((t) => !common(t)), ...expanded.flatMap(broader)])];
        const frequent = expanded.filter(common);
        const weak = new Set(words.filter((w) => w.weak).flatMap((w) => w.terms));
        queryTerms = [...distinctive, ...frequent];
        // Frequent words still count where they say the most: in a heading ("Når samler vi inn…").
        const query = distinctive.length
          ? { combineWith: 'OR' as const, queries: [distinctive.join(' '), { queries: frequent.length ? [frequent.join(' ')] : [], fields: ['title'] }] }
          : frequent.join(' ');
        // "use" in "Why do we use personal data?" must not outweigh what the visitor asked about.
        const boostTerm = (term: string) => (weak.has(term) ? 0.3 : 1);
        const found = index.search(query, { ...SEARCH, boostTerm, boostDocument });
        const policy = new Set(found.flatMap((r) => r.queryTerms));
        results = found.filter((r) => answersQuestion(words, { section: new Set(r.queryTerms), policy }, broader));
      } else {
        // "who are you", "hvem er dere": only function words, which then must match a heading, mostly.
        const terms = [...new Set(all.filter((w) => !isGreeting(w, lang)).flatMap(expand))];
        const needed = Math.max(2, Math.ceil(terms.length * 0.6));
        results = terms.length ? index.search(terms.join(' '), { ...SEARCH, fields: ['title'] }).filter((r) => r.queryTerms.length >= needed) : [];
        // Function words pick no sentence; the section's opening is the excerpt.
        queryTerms = [];
      }
      return results.slice(0, limit).map((r) => answer(sections[r.id as number]!, queryTerms, r.score));
    },
    answerFrom(sectionId, question) {
      const section = sections.find((s) => s.id === sectionId);
      const terms = tokenize(question).filter((w) => !isGreeting(w, lang) && !isStopWord(w, lang)).flatMap(expand);
      return section && answer(section, [...new Set(terms)], 0);
    },
  };
}
