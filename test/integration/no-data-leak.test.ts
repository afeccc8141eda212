/**
 * No data without verification: random sequences of create / verify / guess / resend / read calls
 * by several visitors about several subjects. No public answer ever carries a subject's personal
 * data (names, emails, request details, message texts) except a visitor's own conversation back to
 * them, and code guessing is bounded: at most 5 tries per code, at most 3 codes per request.
 * It runs on each storage backend, since each answers these lookups with its own queries.
 * LEAK_RUNS sets the number of sequences per backend (1,000 in the full run).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_MAX_ATTEMPTS } from '../../server/services/rights/code.ts';
import { captureMailer, chatTestApp, SITE } from '../../server/routes/chat-testing.ts';
import { backends, type Backend, type TestStore } from '../../server/store/backends.testing.ts';

const RUNS = Number(process.env.LEAK_RUNS ?? 60);
const SUBJECTS = [0, 1, 2].map((i) => ({ name: `Subjekt Hemmelig${i}`, email: `subjekt${i}.hemmelig@example.no`, message: `Hemmelig melding nummer ${i}` }));

type Step =
  | { op: 'create'; visitor: number; subject: number }
  | { op: 'guess'; visitor: number; request: number; code: string }
  | { op: 'verify'; visitor: number; request: number }
  | { op: 'resend'; visitor: number; request: number }
  | { op: 'read'; visitor: number; request: number; path: '' | '/export' }
  | { op: 'chat'; visitor: number; subject: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), visitor: fc.nat(2), subject: fc.nat(2) }),
  fc.record({ op: fc.constant('guess' as const), visitor: fc.nat(2), request: fc.nat(5), code: fc.stringMatching(/^\d{6}$/) }),
  fc.record({ op: fc.constant('verify' as const), visitor: fc.nat(2), request: fc.nat(5) }),
  fc.record({ op: fc.constant('resend' as const), visitor: fc.nat(2), request: fc.nat(5) }),
  fc.record({ op: fc.constant('read' as const), visitor: fc.nat(2), request: fc.nat(5), path: fc.constantFrom('' as const, '/export' as const) }),
  fc.record({ op: fc.constant('chat' as const), visitor: fc.nat(2), subject: fc.nat(2) }),
);

describe.each(backends)('no personal data without verification on $name', (backend) => {
  it('never answers a visitor with a subject’s data, and bounds code guessing', async () => {
    // One database for all sequences, each with a new app and store over it (a fresh PostgreSQL
    // database per sequence would cost more than the sequence); ids never repeat, so they do not meet.
    let shared: TestStore | undefined;
    const oneDatabase: Backend = { ...backend, open: async () => (shared ? { ...shared, store: await shared.reopen() } : (shared = await backend.open())) };
    const stats = { sequences: 0, calls: 0, guesses: 0, wrongCodes: 0, lockedCodes: 0, codesSent: 0, maxCodesPerRequest: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
        const mailer = captureMailer();
        const t = await chatTestApp({ mailer, backend: oneDatabase });
        const requests: { id: string; token: string; owner: number; subject: number }[] = [];
        const convs = new Map<number, { id: string; token: string; said: Set<string> }>();
        stats.sequences++;
        const codeFor = (id: string) => {
          const mails = mailer.sent.filter((m) => m.kind === 'verification-code' && requests.find((r) => r.id === id && SUBJECTS[r.subject]!.email === m.to));
          return /\b(\d{6})\b/.exec(mails.at(-1)?.text ?? '')?.[1];
        };
        for (const s of steps) {
          // Every visitor has an address of their own, so the per-address limits do not end the sequence early.
          t.state.client = `203.0.113.${s.visitor + 1}`;
          let res: Response | undefined;
          let own = new Set<string>();
          if (s.op === 'create') {
            const sub = SUBJECTS[s.subject]!;
            res = await t.call('POST', '/v1/requests', { site: SITE, lang: 'nb', request: { kind: 'question', name: sub.name, email: sub.email, message: sub.message } });
            if (res.status === 201) requests.push({ ...((await res.clone().json()) as { id: string; token: string }), owner: s.visitor, subject: s.subject });
          } else if (s.op === 'chat') {
            let conv = convs.get(s.visitor);
            if (!conv) {
              const opened = await t.call('POST', '/v1/conversations', { site: SITE, lang: 'nb' });
              if (opened.status !== 201) continue;
              conv = { ...((await opened.json()) as { id: string; token: string }), said: new Set() };
              convs.set(s.visitor, conv);
            }
            // A visitor may write anyone's name in their own chat and see it again; nobody else may.
            const text = SUBJECTS[s.subject]!.message;
            conv.said.add(text);
            res = await t.call('POST', `/v1/conversations/${conv.id}/messages`, { id: crypto.randomUUID(), text }, t.withToken(conv.token));
            own = conv.said;
            // Every other visitor tries to read this conversation with their own token.
            for (const [v, other] of convs) {
              if (v === s.visitor) continue;
              const peek = await t.call('GET', `/v1/conversations/${conv.id}/messages`, undefined, t.withToken(other.token));
              stats.calls++;
              expect(peek.status).toBe(404);
            }
          } else {
            const r = requests[s.request % Math.max(1, requests.length)];
            if (!r) continue;
            // Half the time the visitor uses the token they hold; a stranger holds another request's token.
            const token = s.visitor === r.owner ? r.token : (requests.find((x) => x.owner === s.visitor)?.token ?? 'not-a-token');
            const path = `/v1/requests/${r.id}`;
            if (s.op === 'guess') {
              stats.guesses++;
              res = await t.call('POST', `${path}/verify`, { code: s.code }, t.withToken(token));
              if (res.status === 400) stats.wrongCodes++;
              if (res.status === 429) stats.lockedCodes++;
            } else if (s.op === 'verify') {
              res = await t.call('POST', `${path}/verify`, { code: codeFor(r.id) ?? '000000' }, t.withToken(token));
              // Only the holder of the request's own token can verify it, even with the right code.
              if (res.status === 200) expect(token).toBe(r.token);
            } else if (s.op === 'resend') {
              res = await t.call('POST', `${path}/resend`, undefined, t.withToken(token));
            } else {
              res = await t.call('GET', `${path}${s.path}`, undefined, t.withToken(token));
            }
          }
          if (!res) continue;
          stats.calls++;
          expect(res.status).toBeLessThan(500);
          const body = await res.text();
          for (const sub of SUBJECTS) {
            for (const value of [sub.name, sub.email]) expect(body, `${s.op} answered with ${value}`).not.toContain(value);
            if (!own.has(sub.message)) expect(body, `${s.op} answered with another's message`).not.toContain(sub.message);
          }
        }
        await t.settle();
        // Bounded guessing, read from the store: no code took more than 5 tries, no request got more than 1 + 3 codes.
        for (const r of requests) {
          const events = await t.store.requestEvents(r.id);
          const sent = events.filter((e) => e.type === 'code-sent').length;
          stats.codesSent += sent;
          stats.maxCodesPerRequest = Math.max(stats.maxCodesPerRequest, sent);
          expect(sent).toBeLessThanOrEqual(4);
          let wrongInRow = 0;
          for (const e of events) {
            if (e.type === 'code-sent') wrongInRow = 0;
            if (e.type === 'code-wrong') expect(++wrongInRow).toBeLessThanOrEqual(CODE_MAX_ATTEMPTS);
          }
        }
        await t.store.close();
      }),
      { numRuns: RUNS },
    );
    console.log(`[no-data-leak] ${backend.name} ${JSON.stringify(stats)}`);
  }, 600_000);
});
