import type { ConsoleConsentRecord } from '../../protocol/index.ts';
import { formatTime, t } from '../i18n/index.ts';
import { href } from '../router/model.ts';
import { Flags } from '../ui/flags.tsx';
import { storedInWords } from '../ui/stored-value.tsx';

/** Records as a table; every cell is text (visitor-supplied values never become markup). */
export function RecordsTable({ records, caption }: { records: ConsoleConsentRecord[]; caption: string }) {
  const s = t.value;
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{s.consents.when}</th>
            <th scope="col">{s.consents.kind}</th>
            <th scope="col">{s.consents.who}</th>
            <th scope="col">{s.consents.form}</th>
            <th scope="col">{s.consents.what}</th>
            <th scope="col">{s.consents.proof}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.eventId}>
              <td class="nowrap">{formatTime(r.receivedAt)}</td>
              <td class="nowrap">{s.consents.kinds[r.kind]}</td>
              <td>
                {r.email ? <a href={href('history', r.email)}>{r.email}</a> : r.erased ? s.common.erased : s.consents.anonymous} <Flags {...r} />
              </td>
              <td>{r.formId ?? '–'}</td>
              <td>{r.purposes.map((p) => `${storedInWords('purpose', p.purpose).words}: ${storedInWords('decision', p.decision).words}`).join(', ')}</td>
              <td class="nowrap">
                <a href={href('proof', r.eventId)}>
                  {s.consents.proof}
                  <span class="sr-only"> {r.receiptId}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
