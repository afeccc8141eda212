import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/index.ts';
import { SITE, siteSettings, tempStore } from '../testing.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
/** The environment asks for at least 32 characters. */
const SECRET = 'cli-test-secret-0123456789abcdef-0123';
const DIGEST_KEY = 'cli-digest-key-0123456789abcdef-0123';
const DATA_KEY = Buffer.alloc(32, 3).toString('base64');

function cliEnv(dbPath: string): NodeJS.ProcessEnv {
  // A public URL means production, which asks for both keys.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: dbPath, SAMTYKKE_SECRET: SECRET, SAMTYKKE_DATA_KEY: DATA_KEY, PUBLIC_URL: 'https://samtykke.example.no' };
  // The test file's own database, whatever the machine's environment says.
  delete env.DATABASE_URL;
  delete env.SAMTYKKE_DIGEST_KEY;
  return env;
}

/** Runs `npm run admin -- …` as a site owner would, against a database file; never throws. */
async function admin(dbPath: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(path.join(root, 'node_modules/.bin/tsx'), ['server/cli/admin.ts', ...args], {
      cwd: root,
      env: { ...cliEnv(dbPath), ...extraEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run admin -- policy', () => {
  it('saves a site\'s policy for the chat from a Markdown file, and refuses one the chat could not use', async () => {
    const { store, dbPath } = await tempStore({ secret: SECRET });
    await store.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-policy-'));
    const good = path.join(dir, 'personvern.md');
    fs.writeFileSync(good, '# Personvern hos Sykkel AS\n\n## Lagring\n\nVi lagrer ordre i fem år.\n\n## Rettigheter\n\nDu kan be om innsyn.\n');
    const flat = path.join(dir, 'flat.md');
    fs.writeFileSync(flat, 'Bare en lang tekst uten overskrifter.');

    const saved = await admin(dbPath, ['policy', '--site', SITE, '--lang', 'nb', '--file', good]);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('2 part(s)');
    expect(saved.stdout).toContain(`https://samtykke.example.no/policy/${SITE}/nb`);

    const refused = await admin(dbPath, ['policy', '--site', SITE, '--lang', 'nb', '--file', flat]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no headings');
    const missing = await admin(dbPath, ['policy', '--site', SITE, '--lang', 'nb', '--file', path.join(dir, 'nope.md')]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('ENOENT') });
    const badLang = await admin(dbPath, ['policy', '--site', SITE, '--lang', 'de', '--file', good]);
    expect(badLang).toMatchObject({ code: 2, stderr: expect.stringContaining('--lang nb|en') });
    const unknownSite = await admin(dbPath, ['policy', '--site', 'pk_no_such_site', '--lang', 'nb', '--file', good]);
    expect(unknownSite).toMatchObject({ code: 2, stderr: expect.stringContaining('No site has this key') });

    const reopened = openSqliteStore({ path: dbPath, secret: SECRET });
    try {
      expect(await reopened.getPolicy(SITE, 'nb')).toMatchObject({ markdown: fs.readFileSync(good, 'utf8'), url: `https://samtykke.example.no/policy/${SITE}/nb` });
    } finally {
      await reopened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** `npm run admin -- …` with `stdin` piped in (a password). */
function adminWithInput(dbPath: string, args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/cli/admin.ts', ...args], { cwd: root, env: cliEnv(dbPath) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('npm run admin -- create / role', () => {
  it('makes an administrator and staff of named sites, and gives and takes roles and the flag', async () => {
    const { store, dbPath } = await tempStore({ secret: SECRET });
    await store.upsertSite(siteSettings({ key: 'pk_cli_other_1', origins: ['https://annen.example'] }));
    await store.close();
    const password = 'et-langt-nok-passord-for-cli';

    const made = await adminWithInput(dbPath, ['create', '--email', 'root@example.no', '--admin', '--password-stdin'], password);
    expect(made).toMatchObject({ code: 0, stdout: expect.stringContaining('server administrator') });
    const staff = await adminWithInput(dbPath, ['create', '--email', 'dpo@example.no', '--role', 'owner', '--site', SITE, '--password-stdin'], password);
    expect(staff.code).toBe(0);
    // Without --site, as before sites had their own staff: every site.
    expect((await adminWithInput(dbPath, ['create', '--email', 'alle@example.no', '--role', 'agent', '--password-stdin'], password)).code).toBe(0);
    expect(await admin(dbPath, ['role', '--email', 'dpo@example.no', '--role', 'agent', '--site', 'pk_cli_other_1'])).toMatchObject({ code: 0 });
    expect(await admin(dbPath, ['role', '--email', 'dpo@example.no', '--role', 'none', '--site', SITE])).toMatchObject({ code: 0 });
    expect(await admin(dbPath, ['role', '--email', 'root@example.no', '--no-admin'])).toMatchObject({ code: 0 });
    // Refused without changing anything: an unknown site, an unknown account, a role without a site.
    expect(await admin(dbPath, ['role', '--email', 'dpo@example.no', '--role', 'owner', '--site', 'pk_nobody_has'])).toMatchObject({ code: 2, stderr: expect.stringContaining('No site with key pk_nobody_has') });
    expect(await admin(dbPath, ['role', '--email', 'nobody@example.no', '--admin'])).toMatchObject({ code: 2 });
    expect(await admin(dbPath, ['role', '--email', 'dpo@example.no', '--role', 'owner'])).toMatchObject({ code: 2 });
    // No terminal to ask on and no --password-stdin: one line saying what to do, no stack trace.
    const noTerminal = await admin(dbPath, ['create', '--email', 'ny@example.no', '--admin']);
    expect(noTerminal).toMatchObject({ code: 2, stderr: expect.stringContaining('--password-stdin') });
    expect(noTerminal.stderr).not.toMatch(/^\s+at /m);

    const check = openSqliteStore({ path: dbPath, secret: SECRET });
    try {
      expect(await check.findAccountForLogin('root@example.no')).toMatchObject({ admin: false, sites: [] });
      expect(await check.findAccountForLogin('dpo@example.no')).toMatchObject({ admin: false, sites: [{ site: 'pk_cli_other_1', role: 'agent' }] });
      expect((await check.findAccountForLogin('alle@example.no'))!.sites).toEqual([{ site: 'pk_cli_other_1', role: 'agent' }, { site: SITE, role: 'agent' }]);
    } finally {
      await check.close();
    }
  }, 120_000);
});

describe('npm run admin -- two-factor-reset', () => {
  it('switches an account\'s two-factor off and ends its sessions, and names a missing account', async () => {
    const { store, dbPath } = await tempStore({ secret: SECRET });
    const account = await store.createAccount({ email: 'eier@example.no', sites: [{ site: SITE, role: 'owner' }], passwordHash: 'x' });
    await store.beginTwoFactor(account.id, 'JBSWY3DPEHPK3PXP', new Date());
    await store.enableTwoFactor(account.id, 1, ['h1', 'h2'], new Date());
    const { token } = await store.createSession(account.id, new Date());
    await store.close();

    const res = await admin(dbPath, ['two-factor-reset', '--email', 'Eier@example.no']);
    expect(res).toMatchObject({ code: 0, stdout: expect.stringContaining('Two-factor sign-in is off for eier@example.no') });
    const after = openSqliteStore({ path: dbPath, secret: SECRET });
    try {
      expect(await after.twoFactorOf(account.id)).toBeUndefined();
      expect(await after.recoveryCodesLeft(account.id)).toBe(0);
      expect(await after.findSession(token)).toBeUndefined();
    } finally {
      await after.close();
    }
    expect(await admin(dbPath, ['two-factor-reset', '--email', 'ingen@example.no'])).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --email of an existing account') });
  });
});

describe('npm run admin -- verify-chain --against', () => {
  it('says whether today\'s chain extends a kept digest, and names the first record that does not', async () => {
    const { store, dbPath, textHash } = await tempStore({ secret: SECRET });
    const { formEvent } = await import('../testing.ts');
    const { digestText, makeDigest } = await import('../services/chain-digest.ts');
    for (let i = 0; i < 3; i++) await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: new Date(), source: 'browser' }]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-digest-')), 'digest.txt');
    fs.writeFileSync(file, digestText(await makeDigest(store, SITE, new Date(), DIGEST_KEY)));
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: new Date(), source: 'browser' }]);
    await store.close();

    const good = await admin(dbPath, ['verify-chain', '--against', file], { SAMTYKKE_DIGEST_KEY: DIGEST_KEY });
    expect(good).toMatchObject({ code: 0, stdout: expect.stringContaining(`${SITE}: EXTENDS`) });
    expect(good.stdout).toContain('signature valid');

    // The forger: triggers dropped, the third record changed, every hash re-computed.
    const Database = (await import('better-sqlite3')).default;
    const { rowHash } = await import('../store/hashing.ts');
    const db = new Database(dbPath);
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consent_events'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${name}"`);
    const rows = db.prepare('SELECT * FROM consent_events ORDER BY seq').all() as Parameters<typeof rowHash>[0][];
    db.prepare('UPDATE consent_events SET basis = ? WHERE seq = ?').run('existing-customer', rows[2]!.seq);
    let prev = '0'.repeat(64);
    for (const row of db.prepare('SELECT * FROM consent_events ORDER BY seq').all() as Parameters<typeof rowHash>[0][]) {
      const hash = rowHash({ ...row, prev_hash: prev });
      db.prepare('UPDATE consent_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
      prev = hash;
    }
    db.close();

    const plain = await admin(dbPath, ['verify-chain']);
    expect(plain.stdout).toContain(`${SITE}: ok`);
    const caught = await admin(dbPath, ['verify-chain', '--against', file], { SAMTYKKE_DIGEST_KEY: DIGEST_KEY });
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain(`${SITE}: DOES NOT EXTEND`);
    expect(caught.stdout).toContain(`seq ${rows[2]!.seq}`);
  }, 60_000);
});

describe('npm run admin -- retention', () => {
  it('lists what the retention job will delete per site and day without personal data, and --run runs it', async () => {
    const { store, dbPath } = await tempStore({ secret: SECRET, dataKey: DATA_KEY });
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    const erase = async (email: string, purgeInDays: number) => {
      const id = await store.ensureSubject(SITE, email, new Date(now - 40 * day));
      await store.eraseSubject(id, new Date(now - 40 * day), new Date(now + purgeInDays * day));
    };
    await erase('gammel@example.no', -1);
    await erase('ny@example.no', 10);
    await store.createRightsRequest({ id: crypto.randomUUID(), site: SITE, tokenHash: 'x', kind: 'access', lang: 'nb', name: 'Ubekreftet Person', email: 'ubekreftet@example.no', details: {}, conversationId: null, receivedAt: new Date(now - 8 * day) });
    await store.close();
    const osloDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date(ms));

    const listed = await admin(dbPath, ['retention']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${SITE}  ${osloDay(now)}     1 erased person(s) purged for good (due now: next run)`);
    expect(listed.stdout).toContain(`${SITE}  ${osloDay(now)}     1 unverified request(s) closed as expired (due now: next run)`);
    expect(listed.stdout).toContain(`${SITE}  ${osloDay(now + 10 * day)}     1 erased person(s) purged for good\n`);
    for (const personal of ['gammel@', 'ny@', 'ubekreftet', 'Ubekreftet']) expect(listed.stdout).not.toContain(personal);

    const ran = await admin(dbPath, ['retention', '--run']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('Retention run: 1 erased person(s) purged, 1 unverified request(s) expired, 0 export(s) emptied.');
    expect(ran.stdout).not.toContain('due now');
    expect(ran.stdout).toContain(`${SITE}  ${osloDay(now + 10 * day)}     1 erased person(s) purged for good`);
    const after = openSqliteStore({ path: dbPath, secret: SECRET, dataKey: DATA_KEY });
    try {
      expect((await after.subjectsByEmail('gammel@example.no'))[0]).toMatchObject({ email: null, purgedAt: expect.any(String) });
      expect((await after.subjectsByEmail('ny@example.no'))[0]).toMatchObject({ erasedAt: expect.any(String), purgedAt: null });
    } finally {
      await after.close();
    }
    expect(await admin(dbPath, ['retention', '--site', 'pk_nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('No site with key pk_nope') });
  }, 60_000);
});
