/**
 * `npm run ask -- --policy <file> [--lang nb|en] [--name "Company"] [--limit 3] "question"`: what the
 * chat would answer from a policy file (Markdown, HTML or plain text), through the same engine as
 * the chat route (services/answers/reply.ts: language, intent, the policy's map, the direct
 * answer), so a site owner can try their own policy before going live.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Lang, SiteSettings } from '../../protocol/index.ts';
import { answerQuestion, createPolicyLibrary, type PolicyText } from '../services/answers/index.ts';

const USAGE = 'Usage: npm run ask -- --policy <file> [--lang nb|en] [--name "Company"] [--limit 3] "your question"';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { policy: { type: 'string' }, lang: { type: 'string', default: 'nb' }, name: { type: 'string', default: 'Nettstedet' }, limit: { type: 'string', default: '3' } },
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

const policy: PolicyText = { lang: lang.data, markdown, url: path.basename(values.policy), version: 'local' };
const library = createPolicyLibrary();
if (!library.index(policy).sections.length) fail(`${values.policy} has no headings (Markdown #, HTML <h2>, or short lines of their own in plain text), so there are no sections to answer from.`);
const site = SiteSettings.safeParse({ key: 'pk_ask_command_line', name: values.name, origins: ['https://ask.invalid'], policy: { url: `https://ask.invalid/${policy.url}`, version: '2000-01-01' } });
if (!site.success) fail(`--name is not a usable company name: ${site.error.issues.map((i) => i.message).join('; ')}.`);

// The site has this one policy and no cookie declaration, as a site owner's draft would.
const reply = await answerQuestion({ question, pageLang: lang.data, site: site.data, limit, policy: async (l) => (l === policy.lang ? policy : undefined), index: (p) => library.index(p) });
process.stdout.write(`${reply.text}\n\n`);
for (const [i, a] of reply.answers.entries()) process.stdout.write(`${i + 1}. ${a.title}  #${a.sectionId}  (score ${a.score.toFixed(2)})\n`);
process.stdout.write(`(question read as ${reply.questionLang}, intent ${reply.intent}${reply.request ? `, offers the request "${reply.request}"` : ''}; ${reply.answers.length ? `${reply.answers.length} section(s)` : 'no excerpt'})\n`);
