import type { ConsentWebhookType, EventBatch, MarketingList, PurposeDecision, RequestWebhookType, SubjectWebhookType, WebhookEventType, WebhookPayload } from '../../../protocol/index.ts';

const GRANT_ID = '019ca8d7-2d00-7000-8000-00000000001d';

/** The marketing box's purpose in a form-consent event of this type; double opt-in's outcomes point at their grant. */
function formDecision(type: Exclude<ConsentWebhookType, 'cookie.choice'>): PurposeDecision {
  const decision = type.slice('consent.'.length) as PurposeDecision['decision'];
  return decision === 'confirmed' || decision === 'expired'
    ? { purpose: 'marketing-email', decision, grantId: GRANT_ID }
    : { purpose: 'marketing-email', decision };
}

/** The document's examples. openapi.test.ts checks each against its protocol schema. */
export const OPENAPI_EXAMPLES = {
  events: {
    site: 'pk_live_sykkelbutikk',
    events: [{
      id: '019ca8d7-2d00-7000-8000-00000000001e',
      kind: 'form-consent',
      subject: { email: 'kari@example.no' },
      purposes: [{ purpose: 'marketing-email', decision: 'granted' }],
      basis: 'consent',
      notice: { textHash: 'a'.repeat(64), lang: 'nb', policyUrl: 'https://sykkel.example/personvern', policyVersion: '2024-02-11' },
      collection: { formId: 'nyhetsbrev', pageUrl: 'https://sykkel.example/kontakt', clientTime: '2026-03-01T10:00:00.000Z', widgetVersion: 'crm-sync' },
    }],
  } satisfies EventBatch,
  marketingList: {
    site: 'pk_live_sykkelbutikk',
    generated_at: '2026-03-01T10:00:00.000Z',
    subscribers: [{ email: 'kari@example.no', basis: 'consent', since: '2026-02-01T09:00:00.000Z', confirmed_at: '2026-02-01T09:05:00.000Z', unsubscribe_url: 'https://samtykke.sykkel.example/u/abc' }],
  } satisfies MarketingList,
  webhook: (type: WebhookEventType): WebhookPayload => (type.startsWith('request.') ? {
    type: type as RequestWebhookType,
    timestamp: '2026-03-01T10:00:00.000Z',
    data: { site: 'pk_live_sykkelbutikk', eventId: 'chg_0a1b2c3d4e5f60718293a4b5c6d7e8f9', requestId: 'req_8sJ2kq0xWm3n', reference: type === 'request.received' ? null : 'SB-2026-000123', kind: 'access', email: null },
  } : type.startsWith('subject.') ? {
    type: type as SubjectWebhookType,
    timestamp: '2026-03-01T10:00:00.000Z',
    data: { site: 'pk_live_sykkelbutikk', eventId: 'chg_6f1c0e1d2a3b4c5d6e7f8091a2b3c4d5', email: type === 'subject.erased' ? null : 'kari@example.no' },
  } : {
    type: type as ConsentWebhookType,
    timestamp: '2026-03-01T10:00:00.000Z',
    data: {
      site: 'pk_live_sykkelbutikk',
      eventId: '019ca8d7-2d00-7000-8000-00000000001e',
      receiptId: '019ca8d7-2d00-7000-8000-00000000001e',
      email: type === 'cookie.choice' ? null : 'kari@example.no',
      consentId: type === 'cookie.choice' ? '019ca8d7-2d00-7000-8000-0000000000ff' : null,
      formId: type === 'cookie.choice' ? null : 'nyhetsbrev',
      purposes: type === 'cookie.choice'
        ? [{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }]
        : [formDecision(type as Exclude<ConsentWebhookType, 'cookie.choice'>)],
      basis: 'consent',
      policyVersion: '2024-02-11',
      source: type === 'consent.confirmed' || type === 'consent.expired' ? 'server' : 'browser',
    },
  }),
};
