import type { Lang, RightsKind, RightsStatus } from '../../../protocol/index.ts';
import type { DataCipher } from '../../util/data-cipher.ts';
import type { RightsStore, StoredRightsRequest } from '../chat-types.ts';
import { sealContext } from '../seal-context.ts';

/** A requests row as stored: name, email and details sealed. */
export interface RequestRow {
  id: string;
  site: string;
  token_hash: string;
  kind: string;
  lang: string;
  status: string;
  name: string;
  email: string;
  details: string;
  conversation_id: string | null;
  received_at: string;
  verified_at: string | null;
  reference: string | null;
  due_at: string | null;
}

export function toRightsRequest(r: RequestRow, cipher: DataCipher): StoredRightsRequest {
  const open = (field: 'name' | 'email' | 'details') => cipher.open(r[field], sealContext.requestField(r.id, field));
  return {
    id: r.id,
    site: r.site,
    tokenHash: r.token_hash,
    kind: r.kind as RightsKind,
    lang: r.lang as Lang,
    status: r.status as RightsStatus,
    name: open('name'),
    email: open('email'),
    details: JSON.parse(open('details')) as Record<string, unknown>,
    conversationId: r.conversation_id,
    receivedAt: r.received_at,
    verifiedAt: r.verified_at,
    reference: r.reference,
    dueAt: r.due_at,
  };
}

/** The personal fields of a new request, sealed for its row. */
export function sealRequestFields(r: Parameters<RightsStore['createRightsRequest']>[0], cipher: DataCipher): { name: string; email: string; details: string } {
  return {
    name: cipher.seal(r.name, sealContext.requestField(r.id, 'name')),
    email: cipher.seal(r.email, sealContext.requestField(r.id, 'email')),
    details: cipher.seal(JSON.stringify(r.details), sealContext.requestField(r.id, 'details')),
  };
}

/** A request_events row's `data` column: the event's data sealed, or null when it has none. */
/**
 * Trail entries whose data is the person's own (a rectified address, corrected values old and
 * new): blanked when an erased person is purged, while the entry itself stays as proof of the step.
 */
export const PERSONAL_TRAIL_ENTRIES = ['rectified', 'corrected'] as const;

export function sealRequestEventData(requestId: string, data: Record<string, unknown> | undefined, cipher: DataCipher): string | null {
  return data ? cipher.seal(JSON.stringify(data), sealContext.requestEventData(requestId)) : null;
}

export interface RequestEventRow {
  at: string;
  type: string;
  actor: string;
  data: string | null;
}

export function toRequestEvent(requestId: string, e: RequestEventRow, cipher: DataCipher): ReturnType<RightsStore['requestEvents']>[number] {
  return {
    at: e.at,
    type: e.type,
    actor: e.actor,
    data: e.data ? (JSON.parse(cipher.open(e.data, sealContext.requestEventData(requestId))) as Record<string, unknown>) : null,
  };
}

/** The reference a verified request is known by: `NF-2026-000123`, numbered per site and year. */
export function requestReference(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}
