import type { Lang } from '../../../protocol/index.ts';
import type { DoubleOptIn, DoubleOptInState } from '../double-opt-in-types.ts';

export interface DoubleOptInRow {
  site: string;
  grant_event_id: string;
  email: string | null;
  lang: string;
  created_at: string;
  expires_at: string;
  state: string;
  settled_at: string | null;
  recorded_at: string | null;
}

export const toDoubleOptIn = (r: DoubleOptInRow): DoubleOptIn => ({
  site: r.site,
  grantEventId: r.grant_event_id,
  email: r.email,
  lang: r.lang as Lang,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  state: r.state as DoubleOptInState,
  settledAt: r.settled_at,
  recordedAt: r.recorded_at,
});
