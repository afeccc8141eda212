/** @module Stored values (`consent`, `browser`, `marketing-email`, …) in words, from the one table in the i18n files. */
import type { Strings } from '../i18n/nb.ts';
import { t } from '../i18n/index.ts';

export type StoredGroup = Exclude<keyof Strings['stored'], 'unknown'>;

/** The words for a stored value in the console's language; an unknown value comes back as it is, `known: false`. */
export function storedInWords(group: StoredGroup, value: string, strings: Strings = t.value): { words: string; known: boolean } {
  const table = strings.stored[group] as Record<string, string>;
  return Object.hasOwn(table, value) ? { words: table[value]!, known: true } : { words: value, known: false };
}

/** A stored value as text; one we have no words for is shown as stored, in code type, and marked. */
export function Stored({ group, value }: { group: StoredGroup; value: string }) {
  const { words, known } = storedInWords(group, value);
  if (known) return <>{words}</>;
  return (
    <span class="unknown-value">
      <code>{value}</code> <span class="small">({t.value.stored.unknown})</span>
    </span>
  );
}
