/**
 * `npm run ask -- --policy <file.md> [--lang nb|en] [--limit 3] "question"`: what the chat would
 * answer from a policy file, so a site owner can try their own policy before going live.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Lang } from '../../protocol/index.ts';
import { createPolicyIndex } from '../services/answers/index.ts';

const USAGE = 'Usage: npm run ask -- --policy <file.md> [--lang nb|en] [--limit 3] "your question"';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { policy: { type: 'string' }, lang: { type: 'string', default: 'nb' }, limit: { type: 'string', default: '3' } },
  });
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed;
if (!values.policy) fail('--policy is required.');
const lang = Lang.safeParse(values.lang);
if (!lang.success) fail(`--lang must be nb or en, not "${values.lang}".`);
const limit = Number(values.limit);
if (!Number.isInteger(limit) || limit < 1) fail('--limit must be a whole number of at least 1.');
const question = positionals.join(' ').trim();
if (!question) fail('Give a question in quotes after the options.');

let markdown: string;
try {
  markdown = fs.readFileSync(values.policy, 'utf8');
} catch (error) {
  fail(`Cannot read ${values.policy}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}

const index = createPolicyIndex({ markdown, lang: lang.data, url: path.basename(values.policy) });
if (!index.sections.length) fail(`${values.policy} has no headings (Markdown #, HTML <h2>, or short lines of their own in plain text), so there are no sections to answer from.`);
const answers = index.ask(question, { limit });
if (!answers.length) {
  process.stdout.write('No section of the policy answers this; the chat would offer a person.\n');
} else {
  for (const [i, a] of answers.entries()) {
    process.stdout.write(`${i + 1}. ${a.title}  (score ${a.score.toFixed(2)})\n   #${a.sectionId}\n   ${a.excerpt}\n\n`);
  }
}
