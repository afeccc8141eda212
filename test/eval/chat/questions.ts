import fs from 'node:fs';
import path from 'node:path';
import type { EvalPolicy } from './gold.ts';

export interface EvalQuestion {
  policy: EvalPolicy;
  intent: string;
  /** nb, nn, en, sv, da, or en-nb (Norwegian as an English speaker writes it). */
  lang: string;
  style: string;
  question: string;
}

/** Reads one split: `report.tsv` (only reported, never tuned on) or `tune.tsv`. */
export function readSplit(split: 'report' | 'tune'): EvalQuestion[] {
  const text = fs.readFileSync(path.join(import.meta.dirname, `${split}.tsv`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line, i) => {
      const [policy, intent, lang, style, question] = line.split('\t');
      if (!question || !['nb', 'en', 'nf'].includes(policy!)) throw new Error(`${split}.tsv: line ${i + 1} is not policy<TAB>intent<TAB>lang<TAB>style<TAB>question`);
      return { policy: policy as EvalPolicy, intent: intent!, lang: lang!, style: style!, question: question.trim() };
    });
}
