import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formEvent, SITE, tempStore, TEST_SECRET } from '../../testing.ts';
import type { Store } from '../types.ts';
import { backupSqlite } from './backup.ts';
import { openSqliteStore } from './index.ts';

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
const open: Store[] = [];
let umask: number;
// The most permissive umask there is: whatever the operator's shell has, the modes must come out the same.
beforeEach(() => void (umask = process.umask(0)));
afterEach(async () => {
  process.umask(umask);
  await Promise.all(open.splice(0).map((s) => s.close()));
});
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-perm-'));

describe('SQLite file permissions', () => {
  it('creates the database 0600, its -wal and -shm too, in folders 0700, and leaves the parent it found alone', async () => {
    const parent = scratch();
    fs.chmodSync(parent, 0o755);
    const file = path.join(parent, 'data', 'deep', 'samtykke.db');
    const t = await tempStore({ path: file });
    open.push(t.store);
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash), receivedAt: new Date(), source: 'browser' }]);
    expect(mode(file)).toBe('600');
    expect(mode(`${file}-wal`)).toBe('600');
    expect(mode(`${file}-shm`)).toBe('600');
    expect(mode(path.join(parent, 'data'))).toBe('700');
    expect(mode(path.join(parent, 'data', 'deep'))).toBe('700');
    expect(mode(parent)).toBe('755');
  });

  it('tightens a world-readable database of ours when it opens it', async () => {
    const file = path.join(scratch(), 'old.db');
    const first = await tempStore({ path: file });
    await first.store.close();
    fs.chmodSync(file, 0o644);
    for (const side of ['-wal', '-shm']) if (fs.existsSync(file + side)) fs.chmodSync(file + side, 0o666);
    const again = openSqliteStore({ path: file, secret: TEST_SECRET });
    open.push(again);
    expect(await again.countConsentEvents(SITE)).toBe(0);
    expect(mode(file)).toBe('600');
    for (const side of ['-wal', '-shm']) if (fs.existsSync(file + side)) expect(mode(file + side)).toBe('600');
  });

  it('makes a backup 0600 in a new folder 0700', async () => {
    const t = await tempStore();
    open.push(t.store);
    const destination = path.join(scratch(), 'backups', 'samtykke.db');
    await backupSqlite(t.dbPath, destination);
    expect(mode(destination)).toBe('600');
    expect(mode(path.dirname(destination))).toBe('700');
    const copy = openSqliteStore({ path: destination, secret: TEST_SECRET });
    open.push(copy);
    expect(await copy.verifyChain(SITE)).toMatchObject({ ok: true });
  });
});
