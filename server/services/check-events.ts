import { ConsentEvent, SERVER_DECISIONS, type ApiIssue } from '../../protocol/index.ts';
import { toIssues } from '../errors.ts';

export type CheckedEvent =
  | { ok: true; index: number; event: ConsentEvent }
  | { ok: false; index: number; id: string | null; error: 'invalid_event' | 'site_mismatch'; message: string; issues: ApiIssue[] };

/**
 * Validates each event of a batch on its own, so one bad event never costs the others their
 * place. Issue paths start at the batch (`events.2.subject.email`).
 */
export function checkEvents(site: string, raw: unknown[]): CheckedEvent[] {
  return raw.map((input, index) => {
    const id = rawId(input);
    const prefix = ['events', index];
    let candidate = input;
    if (isRecord(input) && 'site' in input) {
      // Events carry no site in the protocol; a stray one that disagrees with the batch is refused, never filed elsewhere.
      if (input.site !== site) {
        const issues = [{ path: `events.${index}.site`, message: 'does not match the batch site' }];
        return { ok: false, index, id, error: 'site_mismatch', message: 'The event names another site than the batch.', issues };
      }
      const { site: _same, ...rest } = input;
      candidate = rest;
    }
    const parsed = ConsentEvent.safeParse(candidate);
    if (!parsed.success) return invalid(index, id, toIssues(parsed.error, prefix));
    const event = parsed.data;
    const byEmail = 'email' in event.subject;
    if (event.kind === 'form-consent' && !byEmail) {
      return invalid(index, id, [{ path: `events.${index}.subject`, message: 'a form-consent event is about an email address' }]);
    }
    if (event.kind === 'cookie-choice' && byEmail) {
      return invalid(index, id, [{ path: `events.${index}.subject`, message: 'a cookie-choice event is about a consentId' }]);
    }
    // Double opt-in's outcomes are the server's to write: a client could otherwise confirm an address it never proved.
    const serverOnly = event.purposes.findIndex((p) => (SERVER_DECISIONS as readonly string[]).includes(p.decision) || p.grantId !== undefined);
    if (serverOnly >= 0) {
      return invalid(index, id, [{ path: `events.${index}.purposes.${serverOnly}`, message: 'confirmed, expired and grantId are written by the server only (double opt-in)' }]);
    }
    return { ok: true, index, event };
  });
}

function invalid(index: number, id: string | null, issues: ApiIssue[]): CheckedEvent {
  const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 500);
  return { ok: false, index, id, error: 'invalid_event', message, issues };
}

function rawId(input: unknown): string | null {
  return isRecord(input) && typeof input.id === 'string' ? input.id.slice(0, 64) : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
