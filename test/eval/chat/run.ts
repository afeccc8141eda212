/**
 * `npm run eval:chat [-- --split report|tune] [--misses]`: asks every question of a split through the
 * chat's own answer path (findAnswers, as POST /v1/sites/:key/answers and the chat route do) with
 * the policy stored for a site of that policy alone, and prints top-1 accuracy, false declines,
 * out-of-scope questions answered, English questions on a Norwegian-only policy, by policy,
 * language and style, and the time of one answer on a warm engine (every question asked once
 * before the timed pass).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SiteSettings, type Lang } from '../../../protocol/index.ts';
import { DEMO_COOKIES } from '../../../server/demo-cookies.ts';
import { findAnswers } from '../../../server/routes/chat-support.ts';
import { createPolicyLibrary } from '../../../server/services/answers/index.ts';
import { goldFor, type EvalPolicy, type Gold } from './gold.ts';
import { readSplit, type EvalQuestion } from './questions.ts';

const { values } = parseArgs({ options: { split: { type: 'string', default: 'report' }, misses: { type: 'boolean', default: false } } });
const split = values.split === 'tune' ? 'tune' : 'report';

const root = path.join(import.meta.dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const POLICIES: Record<EvalPolicy, { lang: Lang; text: string; url: string }> = {
  nb: { lang: 'nb', text: read('demo/policy/personvern.nb.md'), url: 'https://shop.example.no/personvern' },
  en: { lang: 'en', text: read('demo/policy/privacy.en.md'), url: 'https://shop.example.no/privacy' },
  nf: { lang: 'nb', text: read('test/fixtures/policies/nettfokus.txt'), url: 'https://nettfokus.example/personvern' },
};

const site = SiteSettings.parse({
  key: 'pk_eval_site',
  name: 'Nettfokus',
  origins: ['https://shop.example.no'],
  policy: { url: 'https://shop.example.no/personvern', version: '2024-02-11' },
  cookies: DEMO_COOKIES,
});
const chat = { policies: createPolicyLibrary() } as Parameters<typeof findAnswers>[1];
const depsFor = (policy: EvalPolicy) =>
  ({
    store: {
      async getPolicy(_site: string, lang: Lang) {
        const p = POLICIES[policy];
        return p.lang === lang ? { site: site.key, lang, markdown: p.text, url: p.url, version: '2024-02-11', updatedAt: '2024-02-11T00:00:00Z' } : undefined;
      },
      // No owner choices: the eval measures what the chat finds by itself.
      async getPolicyChoices() {
        return {};
      },
    },
  }) as unknown as Parameters<typeof findAnswers>[0];

interface Outcome { q: EvalQuestion; gold: Gold; first?: { sectionId: string; title: string }; ok: boolean; ms: number }

function judge(gold: Gold, first: Outcome['first']): boolean {
  if (gold === 'none') return !first;
  if (!first) return false;
  if (gold === 'cookies') return first.sectionId === 'samtykke:cookies';
  return first.sectionId !== 'samtykke:cookies' && gold.test(first.title);
}

async function ask(q: EvalQuestion) {
  const found = await findAnswers(depsFor(q.policy), chat, site, POLICIES[q.policy].lang, q.question);
  return found.answers[0];
}

const questions = readSplit(split);
for (const q of questions) await ask(q); // warm: every policy indexed, every code path run once
const outcomes: Outcome[] = [];
for (const q of questions) {
  const start = performance.now();
  const first = await ask(q);
  const ms = performance.now() - start;
  const gold = goldFor(q.policy, q.intent);
  outcomes.push({ q, gold, first, ok: judge(gold, first), ms });
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} % (${n}/${d})` : 'n/a');
const accuracy = (list: Outcome[]) => pct(list.filter((o) => o.ok).length, list.length);
const answerable = outcomes.filter((o) => o.gold !== 'none');
const declined = answerable.filter((o) => !o.first);
const outOfScope = outcomes.filter((o) => o.q.intent === 'out_of_scope');
const enOnNb = outcomes.filter((o) => o.q.lang === 'en' && o.q.policy !== 'en');
const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(2);

const lines = [
  `chat eval, split "${split}", ${outcomes.length} questions, ${new Date().toISOString().slice(0, 10)}`,
  `right answer first, all questions:       ${accuracy(outcomes)}`,
  `answerable question declined:            ${pct(declined.length, answerable.length)}`,
  `out-of-scope question answered:          ${pct(outOfScope.filter((o) => o.first).length, outOfScope.length)}`,
  `English question, Norwegian-only policy: ${accuracy(enOnNb)}`,
  `one answer, warm: median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`,
];
const by = (label: string, key: (o: Outcome) => string) => {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  lines.push(`by ${label}:`);
  for (const [k, list] of [...groups].sort()) lines.push(`  ${k.padEnd(20)} ${accuracy(list)}`);
};
by('policy', (o) => o.q.policy);
by('language', (o) => o.q.lang);
by('style', (o) => o.q.style);
by('intent', (o) => o.q.intent);
if (values.misses) {
  lines.push('misses:');
  for (const o of outcomes.filter((x) => !x.ok)) lines.push(`  [${o.q.policy} ${o.q.intent}] ${o.q.question}  →  ${o.first ? o.first.title : '(declined)'}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
