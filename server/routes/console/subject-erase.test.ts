/** Issue 17, item 9: an agent erases only through a verified request; direct erasure is the owner's. */
import { describe, expect, it } from 'vitest';
import { backends } from '../../store/backends.testing.ts';
import { SITE } from '../../testing.ts';
import { AGENT, OWNER, consoleTestApp } from './testing.ts';

describe.each(backends)('direct erasure on $name', (backend) => {
  it('refuses an agent with a 403 and lets the owner erase, with the reason in the audit trail', async () => {
    const t = await consoleTestApp({ backend });
    const id = await t.store.ensureSubject(SITE, 'kari@example.no', t.now());
    const agent = await t.signIn(AGENT);
    const refused = await t.request(`/console/api/subjects/${id}/erase`, { method: 'POST', body: { reason: 'Ringte og ba om det' }, session: agent });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBeTruthy();
    expect((await t.store.subjectsByEmail('kari@example.no'))[0]!.erasedAt).toBeNull();

    const owner = await t.signIn(OWNER);
    const done = await t.request(`/console/api/subjects/${id}/erase`, { method: 'POST', body: { reason: 'Ringte og ba om det' }, session: owner });
    expect(done.status).toBe(200);
    expect((await t.store.subjectsByEmail('kari@example.no'))[0]!.erasedAt).not.toBeNull();
    expect((await t.store.listAudit({ target: `subject:${id}` }))[0]).toMatchObject({ action: 'subject.erase', detail: { reason: 'Ringte og ba om det' } });
  });
});
