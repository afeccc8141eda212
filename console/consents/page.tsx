import { useEffect } from 'preact/hooks';
import { downloadUrl } from '../api/client.ts';
import { isOwner } from '../auth/model.ts';
import { t } from '../i18n/index.ts';
import { Field, Select } from '../ui/field.tsx';
import { storedInWords } from '../ui/stored-value.tsx';
import { ChainCheckPanel } from './chain.tsx';
import * as model from './model.ts';
import { RecordsTable } from './records-table.tsx';

const PURPOSES = ['marketing-email', 'statistics', 'marketing', 'followup', 'necessary'];

export function ConsentsPage() {
  const s = t.value;
  useEffect(() => {
    void model.loadSites();
    if (!model.searched.value) void model.search();
  }, []);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void model.search();
  };
  const q = model.exportQuery();
  const canExport = !!q.from && !!q.to;
  return (
    <>
      <h1>{s.consents.title}</h1>
      <form class="filters" onSubmit={onSubmit} aria-label={s.consents.search}>
        <Select label={s.consents.site} value={model.filters.site} options={[['', s.consents.allSites], ...model.sites.value.map((x): [string, string] => [x.key, x.name])]} />
        <Field label={s.consents.email} value={model.filters.email} type="email" />
        <Field label={s.consents.form} value={model.filters.formId} />
        <Select label={s.consents.purpose} value={model.filters.purpose} options={[['', s.consents.anyPurpose], ...PURPOSES.map((p): [string, string] => [p, storedInWords('purpose', p).words])]} />
        <Field label={s.consents.from} value={model.filters.from} type="date" />
        <Field label={s.consents.to} value={model.filters.to} type="date" />
        <button type="submit">{s.consents.submit}</button>
      </form>
      <section aria-labelledby="export-h" class="panel">
        <h2 id="export-h">{s.consents.exportTitle}</h2>
        {isOwner.value ? (
          <p class="actions">
            <a class={`button${canExport ? '' : ' disabled'}`} aria-disabled={!canExport} href={canExport ? downloadUrl('/consents/export', { ...q, format: 'json' }) : undefined}>
              {s.consents.exportJson}
            </a>
            <a class={`button${canExport ? '' : ' disabled'}`} aria-disabled={!canExport} href={canExport ? downloadUrl('/consents/export', { ...q, format: 'csv' }) : undefined}>
              {s.consents.exportCsv}
            </a>
            <span class="hint">{`${s.consents.from} / ${s.consents.to}`}</span>
          </p>
        ) : (
          <p>{s.consents.ownerOnly}</p>
        )}
      </section>
      <ChainCheckPanel />
      <section aria-live="polite" aria-busy={model.loading.value}>
        {model.failed.value && <p role="alert">{s.common.error}</p>}
        {model.searched.value && (model.results.value.length ? <RecordsTable records={model.results.value} caption={s.consents.results(model.results.value.length)} /> : <p>{s.common.none}</p>)}
        {model.nextBeforeSeq.value !== undefined && (
          <button type="button" onClick={() => void model.more()}>
            {s.consents.more}
          </button>
        )}
      </section>
    </>
  );
}
