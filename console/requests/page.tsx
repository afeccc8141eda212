import { useEffect } from 'preact/hooks';
import { RecordsTable } from '../consents/records-table.tsx';
import { formatTime, lang, t } from '../i18n/index.ts';
import { href } from '../router/model.ts';
import { Field, Select } from '../ui/field.tsx';
import { Flags } from '../ui/flags.tsx';
import { CorrectionsEditor, CorrectionsList } from './corrections.tsx';
import { EraseDialog } from './erase-dialog.tsx';
import { ExportPreview } from './export-preview.tsx';
import * as model from './model.ts';
import { Trail } from './trail.tsx';

/** Days left only for an open request; a closed one shows its status instead, never a deadline. */
function DaysLeft({ r }: { r: model.RequestView }) {
  const s = t.value.requests;
  if (!r.open || r.daysLeft === null) return <>{s.closedNoDeadline}</>;
  return r.overdue ? <span class="overdue">{s.overdue(-r.daysLeft)}</span> : <>{s.daysLeft(r.daysLeft)}</>;
}

function StatusChip({ r }: { r: model.RequestView }) {
  const tone = r.overdue ? 'late' : r.open ? 'open' : 'closed';
  return <span class={`chip chip-${tone}`}>{t.value.requests.statuses[r.status]}</span>;
}

function Filters() {
  const s = t.value.requests;
  const reload = () => void model.loadList();
  return (
    <div class="filters">
      <Select id="req-state" label={s.show} value={model.state} onPick={reload} options={(['open', 'overdue', 'due-soon', 'closed', 'all'] as const).map((k) => [k, s.states[k]])} />
      <Select id="req-kind" label={s.kind} value={model.kind} onPick={reload} options={[['', s.allKinds], ...Object.entries(s.kinds)] as [string, string][]} />
    </div>
  );
}

export function RequestsPage({ id }: { id?: string | undefined }) {
  return id ? <RequestDetail id={id} /> : <RequestList />;
}

function RequestList() {
  const s = t.value.requests;
  useEffect(() => void model.loadList(), []);
  return (
    <>
      <h1 id="page-h" tabIndex={-1}>{s.title}</h1>
      {model.counts.value && <p class="counters" role="status">{s.counters(model.counts.value)}</p>}
      <Filters />
      <div class="table-wrap">
        <table>
          <caption>{s.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{s.reference}</th>
              <th scope="col">{s.kind}</th>
              <th scope="col">{s.requester}</th>
              <th scope="col">{s.status}</th>
              <th scope="col">{s.received}</th>
              <th scope="col">{s.due}</th>
            </tr>
          </thead>
          <tbody>
            {model.list.value.map((r) => (
              <tr key={r.id}>
                <td class="nowrap">
                  <a href={href('requests', r.id)}>{r.reference ?? s.unverified}</a>
                </td>
                <td class="nowrap">{s.kinds[r.kind]}</td>
                <td class="requester">{r.email ? <>{r.name}<br /><span class="small">{r.email}</span></> : t.value.common.erased}</td>
                <td><StatusChip r={r} /></td>
                <td>{formatTime(r.receivedAt)}</td>
                <td>{r.dueAt ? <>{formatTime(r.dueAt)} (<DaysLeft r={r} />)</> : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!model.list.value.length && <p>{t.value.common.none}</p>}
    </>
  );
}

function RequestDetail({ id }: { id: string }) {
  const s = t.value.requests;
  useEffect(() => void model.load(id), [id]);
  const d = model.detail.value;
  if (!d || d.request.id !== id) return <p>{t.value.common.loading}</p>;
  const r = d.request;
  const open = r.status === 'verified' || r.status === 'in-progress';
  const hasReason = model.reason.value.trim().length > 0;
  const subject = d.subjects[0];
  return (
    <>
      <p>
        <a href={href('requests')}>{s.back}</a>
      </p>
      <h1>{`${s.kinds[r.kind]} ${r.reference ?? ''}`}</h1>
      <dl class="proof-fields">
        <div><dt>{s.status}</dt><dd><StatusChip r={r} /></dd></div>
        <div><dt>{s.requester}</dt><dd>{r.email ? `${r.name} <${r.email}>` : t.value.common.erased} {subject && <Flags restricted={!!subject.restrictedAt} objected={!!subject.objectedAt} erased={!!subject.erasedAt} />}</dd></div>
        <div><dt>{s.received}</dt><dd>{formatTime(r.receivedAt)}</dd></div>
        <div><dt>{s.due}</dt><dd>{r.dueAt ? <>{formatTime(r.dueAt)} (<DaysLeft r={r} />){r.extendedAt ? ` · ${s.extended}` : ''}</> : '–'}</dd></div>
        {Object.entries(r.details).map(([k, v]) => (
          <div key={k}><dt>{k}</dt><dd>{String(v)}</dd></div>
        ))}
        {d.export && <div><dt>{s.exportReady}</dt><dd>{formatTime(d.export.expiresAt)}</dd></div>}
      </dl>
      <CorrectionsList corrections={d.corrections} />
      {d.export && open && <ExportPreview id={r.id} expiresAt={d.export.expiresAt} />}
      {open && (
        <section class="panel" aria-labelledby="act-h">
          <h2 id="act-h">{s.actions}</h2>
          {r.kind === 'rectification' && <CorrectionsEditor />}
          <Field label={t.value.common.reason} value={model.reason} />
          <div class="actions">
            {r.status === 'verified' && <button type="button" onClick={() => void model.setStatus('in-progress')}>{s.start}</button>}
            {(r.kind === 'access' || r.kind === 'portability') && <button type="button" onClick={() => void model.buildExport()}>{s.buildExport}</button>}
            {r.kind === 'erasure' && !subject?.erasedAt && <button type="button" id="erase-open" class="danger" disabled={!hasReason} onClick={() => (model.confirmingErase.value = true)}>{s.erase}</button>}
            {(r.kind === 'restriction' || r.kind === 'objection') && (
              <button type="button" disabled={!hasReason} onClick={() => void model.flag(r.kind === 'restriction' ? 'restricted' : 'objected', true)}>{r.kind === 'restriction' ? s.restrict : s.object}</button>
            )}
            <button type="button" onClick={() => void model.setStatus('completed')}>{s.complete}</button>
            <button type="button" class="danger" disabled={!hasReason} onClick={() => void model.setStatus('rejected')}>{s.reject}</button>
          </div>
          {!r.extendedAt && (
            <div class="actions">
              <Select label={s.months} value={model.months} options={[['1', '1'], ['2', '2']]} />
              <button type="button" disabled={!hasReason} onClick={() => void model.extend()}>{s.extend}</button>
            </div>
          )}
          <p class="hint">{s.reasonHint}</p>
          {model.error.value && <p role="alert" id="request-error" tabIndex={-1}>{model.error.value}</p>}
          {r.kind === 'erasure' && <EraseDialog person={`${r.name} <${r.email}>`} />}
        </section>
      )}
      <Trail events={d.events} />
      {d.consents.length > 0 && <RecordsTable records={d.consents} caption={t.value.consents.results(d.consents.length)} />}
    </>
  );
}
