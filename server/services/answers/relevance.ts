/** One word of the visitor's question, with the index terms it became. */
export interface QuestionWord {
  word: string;
  /** Its stem, compound tail and synonym groups, as searched. */
  terms: string[];
  /**
   * Says little about the topic on its own: a generic verb ("use", "bruker") or a word found in
   * most sections of this policy ("data", "opplysninger").
   */
  weak: boolean;
}

/**
 * Whether a section found by the search answers the question, judged by which of the visitor's
 * words it matched rather than by its score: BM25 scores are relative to the policy and the
 * question, so no score threshold means the same on a long policy and a short one.
 *
 * Two conditions, over the question's topical words (weak words count only when there is nothing
 * else): more than half of them must occur somewhere in the policy, and the section must match at
 * least half of them. A question whose main words the policy never uses is about something it
 * does not cover: "do you use cookies?" on a policy without cookies matches only "use", and is not
 * answered by "Why do we use personal data?". A word found in another section still counts as
 * known, so "meld meg av nyhetsbrevet" is answered by the rights section, which says how to
 * unsubscribe but not the word "nyhetsbrev".
 */
export function answersQuestion(words: QuestionWord[], { section, policy }: { section: ReadonlySet<string>; policy: ReadonlySet<string> }, broader: (term: string) => string[] = () => []): boolean {
  const strong = words.filter((w) => !w.weak);
  const judged = strong.length ? strong : words;
  if (!judged.length) return false;
  const count = (found: ReadonlySet<string>) => judged.filter((w) => w.terms.some((t) => found.has(t) || broader(t).some((b) => found.has(b)))).length;
  return count(policy) * 2 > judged.length && count(section) >= 1;
}
