import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formEvent, SITE, tempDbPath, tempStore } from '../../testing.ts';
import type { Store } from '../types.ts';
import { backupSqlite } from './backup.ts';
import { openSqliteStore } from './index.ts';

const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('SQLite online backup', () => {
  it('copies a database that is being written to into a file that opens with every acknowledged record and a sound chain', async () => {
    const t = await tempStore();
    open.push(t.store);
    const item = () => ({ site: SITE, event: formEvent(t.textHash), receivedAt: new Date(), source: 'browser' as const });
    await t.store.appendConsentEvents(Array.from({ length: 50 }, item));
    const destination = path.join(path.dirname(tempDbPath()), 'backup.db');
    // Writes go on while the copy runs; the copy holds a prefix of them and nothing torn.
    const [, backup] = await Promise.all([t.store.appendConsentEvents(Array.from({ length: 50 }, item)), backupSqlite(t.dbPath, destination)]);
    expect(backup.totalPages).toBeGreaterThan(0);
    const copy = openSqliteStore({ path: destination, secret: 'test-secret-0123456789abcdef' });
    open.push(copy);
    const count = await copy.countConsentEvents(SITE);
    expect(count === 50 || count === 100).toBe(true);
    expect(await copy.verifyChain(SITE)).toEqual({ ok: true, count });
    expect(await copy.integrityCheck()).toEqual([]);
  });

  it('refuses to overwrite a file or copy a database that is not there', async () => {
    const dir = path.dirname(tempDbPath());
    const existing = path.join(dir, 'taken.db');
    fs.writeFileSync(existing, '');
    await expect(backupSqlite(path.join(dir, 'missing.db'), path.join(dir, 'x.db'))).rejects.toThrow(/No database/);
    const t = await tempStore();
    open.push(t.store);
    await expect(backupSqlite(t.dbPath, existing)).rejects.toThrow(/exists already/);
  });
});
