/**
 * `npm run consents -- --email x@y [--site pk_…] [--json]`: a person's proofs, with the text they
 * were shown, straight from the database (DATABASE_URL, or the file at DATABASE_PATH). For the DPO answering an access request.
 */
import { parseArgs } from 'node:util';
import { readEnvOrExit } from '../env.ts';
import type { ConsentRecord } from '../store/index.ts';
import { openStore } from '../store/open.ts';

const USAGE = 'Usage: npm run consents -- --email person@example.no [--site pk_…] [--json]';

let args;
try {
  args = parseArgs({ options: { email: { type: 'string' }, site: { type: 'string' }, json: { type: 'boolean', default: false } } }).values;
} catch (error) {
  fail((error as Error).message);
}
if (!args.email?.trim()) fail('--email is required.');

const config = readEnvOrExit();
const store = await openStore(config);
try {
  const records = await store.findConsentsByEmail(args.email, args.site);
  if (args.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  else process.stdout.write(formatRecords(records));
} finally {
  await store.close();
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

export function formatRecords(records: ConsentRecord[]): string {
  if (records.length === 0) return 'No records for this address.\n';
  const blocks = records.map((r) =>
    [
      `#${r.seq}  ${r.receivedAt}  ${r.site}  ${r.kind}  (${r.source})`,
      `  choice:   ${r.purposes.map((p) => `${p.purpose}=${p.decision}`).join(', ')}  basis=${r.basis}`,
      `  receipt:  ${r.receiptId}`,
      `  where:    ${r.pageUrl}${r.formId ? `  form=${r.formId}` : ''}`,
      `  policy:   ${r.notice.policyUrl} (version ${r.notice.policyVersion}, ${r.notice.lang})`,
      `  text:     ${r.notice.text}`,
      `  sha256:   ${r.notice.textHash}`,
    ].join('\n'),
  );
  return `${records.length} record(s), oldest first:\n\n${blocks.join('\n\n')}\n`;
}
