import { useEffect } from 'preact/hooks';
import { downloadUrl } from '../api/client.ts';
import { isOwner, me } from '../auth/model.ts';
import * as consents from '../consents/model.ts';
import { t } from '../i18n/index.ts';
import { Field, Select } from '../ui/field.tsx';
import * as model from './model.ts';
import { ChatPolicy } from './policy.tsx';

function TextArea({ label, value, id }: { label: string; value: { value: string }; id: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} rows={3} value={value.value} onInput={(e) => (value.value = e.currentTarget.value)} />
    </div>
  );
}

export function SettingsPage() {
  const s = t.value.settings;
  useEffect(() => {
    if (!isOwner.value) return;
    void consents.loadSites().then(() => {
      const first = consents.sites.value[0]?.key;
      if (first && !model.selected.value) void model.load(first);
    });
    void model.loadAccounts();
  }, []);
  if (!isOwner.value) return (<><h1>{s.title}</h1><p>{s.ownerOnly}</p></>);
  const view = model.site.value;
  const f = model.form;
  return (
    <>
      <h1>{s.title}</h1>
      <section class="panel" aria-labelledby="sites-h">
        <h2 id="sites-h">{s.sites}</h2>
        <Select label={t.value.consents.site} value={model.selected} onPick={(key) => void model.load(key)} options={consents.sites.value.map((x): [string, string] => [x.key, `${x.name} (${x.key})`])} />
        {view && (
          <>
            <h3>{s.snippet}</h3>
            <p class="hint">{s.snippetHelp}</p>
            <pre class="snippet"><code>{view.snippet}</code></pre>
            <p class="actions">
              <button type="button" onClick={() => void model.rotate()}>{s.rotate}</button>
              <span class="hint">{s.rotateConfirm}</span>
            </p>
            {model.newSecret.value && (
              <p role="status">
                {s.newSecret} <code>{model.newSecret.value}</code>
              </p>
            )}
            <p>
              <a class="button" href={downloadUrl(`/sites/${encodeURIComponent(view.settings.key)}/marketing-list`, {})}>{s.marketingList}</a>
            </p>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void model.save();
              }}
            >
              <h3>{s.policy}</h3>
              <Field label={s.policyUrl} value={f.policyUrl} type="url" />
              <div class="field checkbox">
                <input id="material" type="checkbox" checked={f.material.value} onChange={(e) => (f.material.value = e.currentTarget.checked)} />
                <label for="material">{s.material}</label>
              </div>
              {f.material.value && (
                <>
                  <Field label={s.policyVersion} value={f.policyVersion} type="date" required />
                  <Field label={s.summaryNb} value={f.summaryNb} required />
                  <Field label={s.summaryEn} value={f.summaryEn} required />
                </>
              )}
              <TextArea id="origins" label={s.origins} value={f.origins} />
              <TextArea id="softoptin" label={s.softOptIn} value={f.softOptIn} />
              <h3>{s.digest}</h3>
              <Field label={s.digestEmail} value={f.digestEmail} type="email" />
              <Field label={s.digestWebhook} value={f.digestWebhook} type="url" />
              <button type="submit">{t.value.common.save}</button>
              <span role="status">{model.saved.value ? t.value.common.saved : ''}</span>
              {model.failed.value && <p role="alert">{model.failed.value === 'edit_conflict' ? s.editConflict : model.failed.value}</p>}
            </form>
          </>
        )}
      </section>
      {view && <ChatPolicy site={view.settings.key} />}
      <section class="panel" aria-labelledby="accounts-h">
        <h2 id="accounts-h">{s.accounts}</h2>
        <p class="hint">{s.accountsHelp}</p>
        <ul class="plain">
          {model.accounts.value.map((a) => (
            <li key={a.id}>
              {`${a.email} – ${t.value.roles[a.role]}${a.disabled ? ` (${s.disabled})` : ''} `}
              {a.id !== me.value?.id && (
                <button type="button" onClick={() => void model.setDisabled(a.id, !a.disabled)}>
                  {a.disabled ? s.enable : s.disable}
                  <span class="sr-only"> {a.email}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
