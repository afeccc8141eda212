/**
 * Everything stored about one verified person on one site, for access (Art. 15) and portability
 * (Art. 20): JSON for the whole (stored as built, so staff preview exactly what the requester
 * gets), and the consent history as its own CSV file made from that JSON. Only this person's data:
 * the queries are keyed by their address and site, and a test seeds a second person to prove it.
 */
import type { Store } from '../store/index.ts';
import { toCsv, UTF8_BOM } from '../util/csv.ts';

export async function buildSubjectExport(store: Store, { site, email, at }: { site: string; email: string; at: Date }) {
  const consents = await store.consentHistory(email, site);
  const requests = await Promise.all((await store.requestsByEmail(email, site)).map(async ({ tokenHash: _secret, ...r }) => ({ ...r, events: await store.requestEvents(r.id) })));
  const chats = await store.subjectChats(email, site);
  const json = {
    format: 'samtykke-subject-export/1',
    createdAt: at.toISOString(),
    controller: (await store.getSite(site))?.settings.name ?? site,
    subject: { email, site },
    consents: consents.map((r) => ({
      receiptId: r.receiptId,
      kind: r.kind,
      receivedAt: r.receivedAt,
      purposes: r.purposes,
      basis: r.basis,
      textShown: r.notice.text,
      textHash: r.notice.textHash,
      lang: r.notice.lang,
      policyUrl: r.notice.policyUrl,
      policyVersion: r.notice.policyVersion,
      formId: r.formId,
      pageUrl: r.pageUrl,
      // A cookie choice made before the person gave their address, linked through the browser's consent id.
      linkedBrowser: r.kind === 'cookie-choice' ? r.consentId : null,
    })),
    chats,
    requests,
  };
  return json;
}

export type SubjectExport = Awaited<ReturnType<typeof buildSubjectExport>>;

/** The export's consent history as a CSV file: UTF-8 with a BOM so Excel reads æøå, one row per record. */
export function subjectExportCsv(body: SubjectExport, separator: ',' | ';' = ','): string {
  return UTF8_BOM + toCsv(body.consents, [
    ['receivedAt', (r) => r.receivedAt], ['kind', (r) => r.kind], ['purposes', (r) => r.purposes.map((p) => `${p.purpose}:${p.decision}`).join(' ')],
    ['basis', (r) => r.basis], ['formId', (r) => r.formId], ['pageUrl', (r) => r.pageUrl], ['policyVersion', (r) => r.policyVersion],
    ['textHash', (r) => r.textHash], ['textShown', (r) => r.textShown],
  ], { separator });
}
