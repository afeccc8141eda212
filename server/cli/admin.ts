/**
 * `npm run admin -- token` makes a new admin token; `npm run admin -- verify-chain [--site key]`
 * checks the hash chain of one site or all. Exit code 1 when a chain is broken.
 */
import { parseArgs } from 'node:util';
import { readEnv } from '../env.ts';
import { openSqliteStore } from '../store/sqlite/index.ts';

const USAGE = 'Usage: npm run admin -- token [--label text]\n       npm run admin -- verify-chain [--site pk_…]';

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { site: { type: 'string' }, label: { type: 'string' } } });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const [command] = parsed.positionals;
if (command !== 'token' && command !== 'verify-chain') {
  process.stderr.write(`${command ? `Unknown command: ${command}` : 'A command is required.'}\n${USAGE}\n`);
  process.exit(2);
}

const config = readEnv();
const store = openSqliteStore({ path: config.databasePath, secret: config.secret });
let exitCode = 0;
try {
  if (command === 'token') {
    const token = store.createAdminToken(parsed.values.label ?? 'cli');
    process.stdout.write(`New admin token (shown once; use as "Authorization: Bearer <token>"):\n  ${token}\n`);
  } else {
    const sites = parsed.values.site ? [parsed.values.site] : store.listSiteKeys();
    for (const site of sites) {
      if (!store.getSite(site)) {
        process.stderr.write(`No site with key ${site}\n`);
        exitCode = 2;
        continue;
      }
      const check = store.verifyChain(site);
      const broken = check.firstBroken;
      process.stdout.write(
        check.ok
          ? `${site}: ok, ${check.count} record(s)\n`
          : `${site}: BROKEN at seq ${broken?.seq} (event ${broken?.eventId}): ${broken?.reason}\n`,
      );
      if (!check.ok) exitCode = 1;
    }
    const problems = store.integrityCheck();
    if (problems.length) {
      process.stdout.write(`database integrity check failed:\n  ${problems.join('\n  ')}\n`);
      exitCode = 1;
    }
  }
} finally {
  await store.close();
}
process.exit(exitCode);
