/**
 * Issue 17, item 3: after the 30-day purge, the erased address must be gone from the SQLite
 * file's bytes, free pages and WAL included, while the server is still running.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formEvent, SITE, tempStore } from '../testing.ts';
import { runRetention } from './retention.ts';

const DAY = 24 * 60 * 60 * 1000;
const EMAIL = 'slett.meg.helt@example.no';

function fileHas(file: string, text: string): boolean {
  return fs.existsSync(file) && fs.readFileSync(file).includes(Buffer.from(text, 'utf8'));
}

describe('the retention purge on SQLite', () => {
  it('leaves the erased address nowhere in the database file or its WAL', async () => {
    const t = await tempStore();
    const now = new Date('2024-03-01T10:00:00Z');
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash, { subject: { email: EMAIL } }), receivedAt: now, source: 'browser' }]);
    const id = await t.store.ensureSubject(SITE, EMAIL, now);
    // Some traffic after it, as on a live server, so the address sits in pages that stay in use.
    for (let i = 0; i < 20; i += 1) await t.store.ensureSubject(SITE, `annen${i}@example.no`, now);
    expect(fileHas(t.dbPath, EMAIL) || fileHas(`${t.dbPath}-wal`, EMAIL)).toBe(true);

    await t.store.eraseSubject(id, now, new Date(now.getTime() + 30 * DAY));
    const result = await runRetention(t.store, new Date(now.getTime() + 31 * DAY));

    expect(result.purged).toBe(1);
    expect(fileHas(t.dbPath, EMAIL)).toBe(false);
    expect(fileHas(`${t.dbPath}-wal`, EMAIL)).toBe(false);
    // The others are still there: the bytes were looked at, not a file emptied.
    expect(fileHas(t.dbPath, 'annen7@example.no') || fileHas(`${t.dbPath}-wal`, 'annen7@example.no')).toBe(true);
    expect((await t.store.subjectsByEmail(EMAIL))[0]).toMatchObject({ email: null, purgedAt: expect.any(String) });
    await t.store.close();
  });
});
