/**
 * `npm run admin -- token` makes a new admin token; `npm run admin -- verify-chain [--site key]`
 * checks the hash chain of one site or all. Exit code 1 when a chain is broken.
 * `npm run admin -- create --email x@y (--admin | --role owner|agent [--site pk_…]…) [--password-stdin]`
 * makes a console account (asks for the password unless it is piped in): a server administrator,
 * or owner / agent of the sites named (of every site when none is named); run it again to set a
 * new password (and add the roles given).
 * `npm run admin -- role --email x@y (--role owner|agent|none --site pk_…… | --admin | --no-admin)`
 * gives or takes away an account's role on sites, or the administrator flag.
 * See docs/staff-and-roles.md.
 * `npm run admin -- backup --to file.db` copies the live SQLite database (online backup API);
 * on PostgreSQL it points at pg_dump.
 * `npm run admin -- policy --site pk_… --lang nb|en --file policy.md [--url https://…]` saves a
 * site's privacy policy, which the chat answers from (the console's settings page does the same).
 * `npm run admin -- two-factor-reset --email x@y` switches an account's two-factor sign-in off and
 * signs it out: for an owner who lost both phone and recovery codes, with no other owner to reset it.
 * `npm run admin -- retention [--site pk_…] [--run]` lists what the daily retention job will delete
 * and when (per site, counts and dates, no personal data); `--run` runs the job now.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Lang } from '../../protocol/index.ts';
import { ApiError } from '../errors.ts';
import { savePolicy } from '../services/site-policy.ts';
import { readEnvOrExit } from '../env.ts';
import { createPasswordHasher } from '../services/passwords/index.ts';
import { promptPassword, readPasswordFromStdin } from './read-password.ts';
import { applyStaff, parseStaffArgs } from './staff.ts';
import { openStore } from '../store/open.ts';
import { checkAgainstDigest } from '../services/chain-digest.ts';
import { backupSqlite } from '../store/sqlite/backup.ts';
import { retentionPlan, runRetention } from '../jobs/retention.ts';

const USAGE =
  'Usage: npm run admin -- token [--label text]\n       npm run admin -- verify-chain [--site pk_…] [--against digest.txt]\n       npm run admin -- create --email you@example.no (--admin | --role owner|agent [--site pk_…]…) [--password-stdin]\n       npm run admin -- role --email you@example.no (--role owner|agent|none --site pk_…… | --admin | --no-admin)\n       npm run admin -- backup --to backups/samtykke-2026-11-25.db\n       npm run admin -- policy --site pk_… --lang nb|en --file personvern.md [--url https://…]\n       npm run admin -- two-factor-reset --email you@example.no\n       npm run admin -- retention [--site pk_…] [--run]';
// OWASP: at least 8 characters with MFA, 15 without; two-factor is optional unless a site requires it.
const MIN_PASSWORD = 15;

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { site: { type: 'string', multiple: true }, label: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, admin: { type: 'boolean' }, 'no-admin': { type: 'boolean' }, 'password-stdin': { type: 'boolean' }, to: { type: 'string' }, lang: { type: 'string' }, file: { type: 'string' }, url: { type: 'string' }, against: { type: 'string' }, run: { type: 'boolean' } } });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const [command] = parsed.positionals;
if (command !== 'token' && command !== 'verify-chain' && command !== 'create' && command !== 'role' && command !== 'backup' && command !== 'policy' && command !== 'two-factor-reset' && command !== 'retention') {
  process.stderr.write(`${command ? `Unknown command: ${command}` : 'A command is required.'}\n${USAGE}\n`);
  process.exit(2);
}

if (command === 'backup') {
  const config = readEnvOrExit();
  if (config.databaseUrl) {
    process.stderr.write('DATABASE_URL is set: back up PostgreSQL with pg_dump (see docs/operations.md, "Backups and the restore drill").\n');
    process.exit(2);
  }
  if (!parsed.values.to) {
    process.stderr.write(`backup needs --to <file>\n${USAGE}\n`);
    process.exit(2);
  }
  try {
    const { totalPages } = await backupSqlite(config.databasePath, parsed.values.to);
    process.stdout.write(`Backed up ${config.databasePath} to ${parsed.values.to} (${totalPages} pages).\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

let markdown: string | undefined;
if (command === 'policy') {
  const { site, lang, file } = parsed.values;
  if (site?.length !== 1 || !Lang.safeParse(lang).success || !file) {
    process.stderr.write(`policy needs --site, --lang nb|en and --file\n${USAGE}\n`);
    process.exit(2);
  }
  try {
    markdown = fs.readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    process.exit(2);
  }
}

const staffRequest = command === 'create' || command === 'role' ? parseStaffArgs(command, parsed.values) : undefined;
if (typeof staffRequest === 'string') {
  process.stderr.write(`${staffRequest}\n${USAGE}\n`);
  process.exit(2);
}

let earlierDigest: string | undefined;
if (command === 'verify-chain' && parsed.values.against) {
  try {
    earlierDigest = fs.readFileSync(parsed.values.against, 'utf8');
  } catch (error) {
    process.stderr.write(`Cannot read ${parsed.values.against}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    process.exit(2);
  }
}

let password: string | undefined;
if (command === 'create') {
  const { email } = parsed.values;
  try {
    password = parsed.values['password-stdin'] ? await readPasswordFromStdin() : await promptPassword(`Password for ${email}: `);
  } catch (error) {
    // No terminal and no --password-stdin: one line that says what to do, not a stack trace.
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  if (password.length < MIN_PASSWORD) {
    process.stderr.write(`The password must be at least ${MIN_PASSWORD} characters.\n`);
    process.exit(2);
  }
}

const config = readEnvOrExit();
const store = await openStore(config);
let exitCode = 0;
try {
  if (command === 'create' || command === 'role') {
    const result = await applyStaff(store, staffRequest!, command === 'create' ? await createPasswordHasher().hash(password!) : undefined);
    if (result.ok) process.stdout.write(`${result.message}${command === 'create' ? ` Sign in at ${config.publicUrl}/console` : ''}\n`);
    else {
      process.stderr.write(`${result.message}\n`);
      exitCode = 2;
    }
  } else if (command === 'policy') {
    const { lang, url } = parsed.values as { lang: Lang; url?: string };
    const site = parsed.values.site![0]!;
    try {
      const saved = await savePolicy({ store, publicUrl: config.publicUrl }, site, lang, { markdown, url });
      process.stdout.write(`Saved the ${lang} policy of ${site} ("${saved.title}", ${saved.sections} part(s), version ${saved.version}); the chat answers from it now and links to ${saved.url}\n`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const details = error.issues?.map((i) => `\n  ${i.path}: ${i.message}`).join('') ?? '';
      process.stderr.write(`${error.message}${details}\n`);
      exitCode = 2;
    }
  } else if (command === 'two-factor-reset') {
    const account = parsed.values.email ? await store.findAccountForLogin(parsed.values.email) : undefined;
    if (!account) {
      process.stderr.write(`two-factor-reset needs --email of an existing account\n${USAGE}\n`);
      exitCode = 2;
    } else {
      const had = await store.removeTwoFactor(account.id);
      await store.deleteSessionsOf(account.id);
      await store.appendAudit({ at: new Date(), accountId: null, action: 'two-factor.reset', target: `account:${account.id}`, detail: { by: 'cli' } });
      process.stdout.write(had ? `Two-factor sign-in is off for ${account.email}; it is set up again at the next sign-in where a site requires it.\n` : `${account.email} had no two-factor sign-in.\n`);
    }
  } else if (command === 'retention') {
    const only = parsed.values.site?.length ? parsed.values.site : undefined;
    for (const site of only ?? []) {
      if (!await store.getSite(site)) {
        process.stderr.write(`No site with key ${site}\n`);
        exitCode = 2;
      }
    }
    if (exitCode === 0) {
      const now = new Date();
      if (parsed.values.run) {
        const done = await runRetention(store, now);
        process.stdout.write(`Retention run: ${done.purged} erased person(s) purged, ${done.expired} unverified request(s) expired, ${done.exportsCleared} export(s) emptied.\n`);
      }
      const plan = await retentionPlan(store, now, { sites: only });
      const words = { 'erased-people': 'erased person(s) purged for good', 'unverified-requests': 'unverified request(s) closed as expired', 'expired-exports': 'export(s) emptied' };
      process.stdout.write(plan.items.length ? `${parsed.values.run ? 'Still to come' : 'Due'} (dates in Europe/Oslo; the job runs daily):\n` : 'Nothing for the retention job to delete.\n');
      for (const i of plan.items) process.stdout.write(`  ${i.site}  ${i.day}  ${String(i.count).padStart(4)} ${words[i.what]}${i.dueNow ? ' (due now: next run)' : ''}\n`);
    }
  } else if (command === 'token') {
    const token = await store.createAdminToken(parsed.values.label ?? 'cli');
    process.stdout.write(`New admin token (shown once; use as "Authorization: Bearer <token>"):\n  ${token}\n`);
  } else if (earlierDigest !== undefined) {
    // Today's chain against a digest kept outside the database (services/chain-digest.ts).
    try {
      const a = await checkAgainstDigest(store, earlierDigest, config.digestKey, parsed.values.site?.[0]);
      const signature = { valid: 'signature valid', invalid: 'SIGNATURE INVALID: not made with this server\'s SAMTYKKE_DIGEST_KEY, or altered', unsigned: 'digest unsigned: it proves nothing by itself', 'no-key': 'signature not checked: SAMTYKKE_DIGEST_KEY is not set' }[a.signature];
      const where = a.firstBroken ? ` The first record that does not: seq ${a.firstBroken.seq}${a.firstBroken.eventId ? ` (event ${a.firstBroken.eventId})` : ''}: ${a.firstBroken.reason}.` : '';
      process.stdout.write(
        `${a.digest.site}: ${a.extends ? 'EXTENDS' : 'DOES NOT EXTEND'} the digest of ${a.digest.at} (seq ${a.digest.seq ?? '-'}, ${a.digest.count} record(s), head ${a.digest.head}); ${signature}.${where}\n`,
      );
      if (!a.extends) exitCode = 1;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      process.stderr.write(`${error.message}${error.issues?.map((i) => `\n  ${i.path}: ${i.message}`).join('') ?? ''}\n`);
      exitCode = 2;
    }
  } else {
    const sites = parsed.values.site?.length ? parsed.values.site : await store.listSiteKeys();
    for (const site of sites) {
      if (!await store.getSite(site)) {
        process.stderr.write(`No site with key ${site}\n`);
        exitCode = 2;
        continue;
      }
      const check = await store.verifyChain(site);
      const broken = check.firstBroken;
      process.stdout.write(
        check.ok
          ? `${site}: ok, ${check.count} record(s)\n`
          : `${site}: BROKEN at seq ${broken?.seq} (event ${broken?.eventId}): ${broken?.reason}\n`,
      );
      if (!check.ok) exitCode = 1;
    }
    const problems = await store.integrityCheck();
    if (problems.length) {
      process.stdout.write(`database integrity check failed:\n  ${problems.join('\n  ')}\n`);
      exitCode = 1;
    }
  }
} finally {
  await store.close();
}
process.exit(exitCode);
