/**
 * The sentences that best answer the question, in document order, cut to `maxLength`. A sentence
 * scores by how many distinct query terms it contains (a query term of four letters or more also
 * matches as a prefix, as in the search). With no match, the section's opening is the excerpt.
 */
export function bestSentences(
  sentences: string[],
  termsOf: (sentence: string) => string[],
  queryTerms: string[],
  { count = 2, maxLength = 320 }: { count?: number; maxLength?: number } = {},
): string {
  const matches = (term: string, q: string) => term === q || (q.length >= 4 && !q.startsWith('~') && term.startsWith(q));
  const scored = sentences.map((text, i) => {
    const terms = termsOf(text);
    const score = queryTerms.filter((q) => terms.some((t) => matches(t, q))).length;
    return { i, text, score };
  });
  const picked = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, count)
    .sort((a, b) => a.i - b.i);
  const chosen = picked.length ? picked : scored.slice(0, count);
  return cut(chosen.map((s) => s.text).join(' '), maxLength);
}

function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const head = text.slice(0, maxLength - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? head.slice(0, space) : head).replace(/[\s,;:.]+$/, '')}…`;
}
