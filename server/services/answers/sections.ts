import { inlineToText } from '../markdown/index.ts';

// The chat's excerpts are text made by the Markdown module, never HTML.
export { inlineToText };

/** One part of a policy, as the chat shows and links it. */
export interface PolicySection {
  /** Anchor id, GitHub-style slug of the heading: `policyUrl#id` is the "read more" link. */
  id: string;
  title: string;
  /** Headings from the document title down to this one. */
  path: string[];
  /** Headings folded into this section (deeper than the split depth). */
  subheadings: string[];
  /** Sentences and list items, plain text, in document order. */
  sentences: string[];
  /** The same sentences by paragraph and list item, so a list can be answered as a list. */
  blocks: PolicyBlock[];
}

export interface PolicyBlock {
  item: boolean;
  sentences: string[];
}

export interface SplitOptions {
  /**
   * Headings at this level or above start a section; deeper ones stay inside it, so "Legal basis"
   * answers with its Consent/Contract/Legitimate interest parts together.
   * @default 2
   */
  depth?: number;
}

/**
 * Anchor ids as GitHub and most Markdown renderers make them: lowercase, punctuation dropped,
 * spaces to hyphens, letters such as æøå kept; repeats get -1, -2.
 */
export function slugify(heading: string, seen?: Map<string, number>): string {
  const base = heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
  if (!seen) return base;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return n === 0 ? base : `${base}-${n}`;
}

/** Sentence ends: . ! ? followed by space and an uppercase letter or a digit. */
function sentencesOf(block: string): string[] {
  return block.split(/(?<=[.!?])\s+(?=[\p{Lu}\d«"])/u).map((s) => s.trim()).filter(Boolean);
}

/** Splits a Markdown policy at its headings. Text before the first section heading belongs to the title. */
export function splitPolicy(markdown: string, { depth = 2 }: SplitOptions = {}): { title: string; sections: PolicySection[] } {
  const seen = new Map<string, number>();
  const sections: PolicySection[] = [];
  const stack: string[] = [];
  let title = '';
  let current: PolicySection | undefined;
  let block: string[] = [];
  let item = false;

  const flush = () => {
    if (current && block.length) {
      const sentences = sentencesOf(inlineToText(block.join(' ')));
      current.sentences.push(...sentences);
      if (sentences.length) current.blocks.push({ item, sentences });
    }
    block = [];
    item = false;
  };

  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const text = inlineToText(heading[2]!);
      // Every heading takes its slug, as a renderer would, so later anchors match the published page.
      const id = slugify(text, seen);
      stack.length = level - 1;
      stack[level - 1] = text;
      if (level === 1 && !title) title = text;
      if (level <= depth) {
        current = { id, title: text, path: stack.filter(Boolean), subheadings: [], sentences: [], blocks: [] };
        sections.push(current);
      } else if (current) {
        current.subheadings.push(text);
      }
      continue;
    }
    const listItem = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (listItem) {
      flush();
      block.push(listItem[1]!);
      item = true;
      continue;
    }
    if (!line.trim()) flush();
    else block.push(line.replace(/^\s*>\s?/, ''));
  }
  flush();
  return { title, sections: sections.filter((s) => s.sentences.length || s.subheadings.length) };
}
