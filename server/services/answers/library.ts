import { createHash } from 'node:crypto';
import type { Lang } from '../../../protocol/index.ts';
import { createPolicyIndex, type PolicyIndex } from './policy-index.ts';

/** One language version of a site's policy, as the server keeps it. */
export interface PolicyText {
  lang: Lang;
  markdown: string;
  /** Where it is published; answers link into it. */
  url: string;
  /** Publication date. */
  version: string;
}

export interface PolicyLibrary {
  index(policy: PolicyText): PolicyIndex;
}

/**
 * Indexes are built on first use and kept by content, so a changed policy is picked up at once
 * and an unchanged one is never indexed twice. Bounded: the oldest index goes when full.
 */
export function createPolicyLibrary({ maxEntries = 100 }: { maxEntries?: number } = {}): PolicyLibrary {
  const cache = new Map<string, PolicyIndex>();
  return {
    index(policy) {
      const key = createHash('sha256').update(`${policy.lang}\n${policy.url}\n${policy.markdown}`).digest('hex');
      let found = cache.get(key);
      if (!found) {
        found = createPolicyIndex(policy);
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
        cache.set(key, found);
      }
      return found;
    },
  };
}
