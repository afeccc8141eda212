import { useEffect } from 'preact/hooks';
import type { WebhookDelivery, WebhookEndpoint } from '../../protocol/index.ts';
import { isOwner, roleOn } from '../auth/model.ts';
import * as consents from '../consents/model.ts';
import { formatTime, t } from '../i18n/index.ts';
import { Input, Select } from '../ui/field.tsx';
import { FocusMover } from '../ui/focus.tsx';
import * as model from './model.ts';

/**
 * A site's webhook endpoints, for its owners: add one (its secret shown once), see each with its
 * state and its latest deliveries, resend a delivery, delete an endpoint after a question.
 */
export function WebhooksPage() {
  const s = t.value.webhooks;
  useEffect(() => {
    if (!isOwner.value) return;
    void consents.loadSites().then(() => {
      const first = consents.sites.value.find((x) => roleOn(x.key) === 'owner')?.key;
      if (first && !model.selected.value) void model.load(first);
      else if (model.selected.value) void model.load(model.selected.value);
    });
  }, []);
  if (!isOwner.value) return (<><h1>{s.title}</h1><p>{s.ownerOnly}</p></>);
  const owned = consents.sites.value.filter((x) => roleOn(x.key) === 'owner');
  const created = model.created.value;
  const said = model.said.value;
  return (
    <>
      <FocusMover />
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <Select id={model.IDS.picker} label={s.site} value={model.selected} onPick={(key) => void model.load(key)} options={owned.map((x): [string, string] => [x.key, `${x.name} (${x.key})`])} />
      {model.failed.value && <p role="alert">{s.errors[model.failed.value as keyof typeof s.errors] ?? s.errors.other}</p>}
      {created && (
        <section id={model.IDS.secret} class="panel notice" role="status" tabIndex={-1} aria-labelledby="wh-secret-h">
          <h2 id="wh-secret-h">{s.secretTitle}</h2>
          <p>{s.secretNote(created.url)}</p>
          <p><code class="secret">{created.secret}</code></p>
        </section>
      )}
      <section class="panel" aria-labelledby={model.IDS.list}>
        <div class="actions list-bar">
          <h2 id={model.IDS.list} tabIndex={-1}>{s.list}</h2>
          <button type="button" onClick={() => void model.load(model.selected.value)}>{s.refresh}</button>
        </div>
        <p role="status" class="hint">{said ? s.said[said.kind](said.url) : ''}</p>
        {model.loaded.value && !model.endpoints.value.length && <p>{s.none}</p>}
        {model.endpoints.value.map((e) => <Endpoint key={e.id} endpoint={e} />)}
      </section>
      <AddForm />
    </>
  );
}

function AddForm() {
  const s = t.value.webhooks;
  const refusal = model.urlError.value;
  const urlError = refusal && `${s.urlRules[refusal.code]} ${s.serverSaid} ${refusal.server}`;
  return (
    <form class="panel" aria-labelledby="wh-add-h" noValidate onSubmit={(e) => {
        e.preventDefault();
        void model.add();
      }}
    >
      <h2 id="wh-add-h">{s.add}</h2>
      <Input id={model.IDS.url} label={s.url} type="url" value={model.form.url} hint={s.urlHint} error={urlError} required onEdit={() => (model.urlError.value = undefined)} />
      <Input id="wh-description" label={s.description} value={model.form.description} />
      <fieldset id={model.IDS.events} class="row" tabIndex={-1} aria-describedby={model.eventsMissing.value ? 'wh-events-error' : undefined}>
        <legend>{s.events}</legend>
        {model.eventsMissing.value && <p id="wh-events-error" class="field-error">{s.eventsMissing}</p>}
        {model.EVENTS.map((type) => (
          <div class="field checkbox" key={type}>
            <input id={`wh-ev-${type}`} type="checkbox" checked={model.form.events.value.includes(type)} onChange={(e) => model.toggleEvent(type, e.currentTarget.checked)} />
            <label for={`wh-ev-${type}`}>
              {s.eventNames[type]} <code class="small">{type}</code>
            </label>
          </div>
        ))}
      </fieldset>
      {/* Not disabled while busy: a disabled button drops the keyboard's focus to the page. */}
      <button type="submit" aria-disabled={model.busy.value ? 'true' : undefined}>{model.busy.value ? s.busy : s.submit}</button>
    </form>
  );
}

function Endpoint({ endpoint: e }: { endpoint: WebhookEndpoint }) {
  const s = t.value.webhooks;
  const state = model.stateOf(e);
  const list = model.deliveries.value[e.id] ?? [];
  const headingId = `wh-ep-${e.id}`;
  return (
    <section class="panel inner" aria-labelledby={headingId}>
      <h3 id={headingId}>{e.url}</h3>
      {e.description && <p>{e.description}</p>}
      <dl class="facts">
        <dt>{s.state}</dt>
        <dd>
          <span class={`badge ${state}`}>{s.states[state]}</span>
          {state === 'failing' && e.failingSince ? ` (${s.failingSince(e.consecutiveFailures, formatTime(e.failingSince))})` : ''}
        </dd>
        <dt>{s.wants}</dt>
        <dd>{e.events.map((x) => s.eventNames[x]).join(', ')}</dd>
        <dt>{s.created}</dt>
        <dd>{formatTime(e.createdAt)}</dd>
      </dl>
      <h4>{s.deliveries}</h4>
      {list.length ? <Deliveries endpoint={e} list={list.slice(0, 20)} /> : <p>{s.noDeliveries}</p>}
      {model.confirming.value === e.id ? (
        <div class="actions" role="group" aria-labelledby={`wh-q-${e.id}`}>
          <p id={`wh-q-${e.id}`}>{s.confirm(e.url)}</p>
          <button type="button" id={model.IDS.confirm(e.id)} class="danger solid" onClick={() => void model.remove(e)}>{s.confirmYes}</button>
          <button type="button" onClick={model.cancelDelete}>{t.value.common.cancel}</button>
        </div>
      ) : (
        <p>
          <button type="button" id={model.IDS.del(e.id)} class="danger" onClick={() => model.askDelete(e.id)}>
            {s.delete}
            <span class="sr-only"> {e.url}</span>
          </button>
        </p>
      )}
    </section>
  );
}

function Deliveries({ endpoint, list }: { endpoint: WebhookEndpoint; list: WebhookDelivery[] }) {
  const s = t.value.webhooks;
  return (
    <div class="table-wrap">
      <table class="deliveries">
        <caption class="sr-only">{s.caption(endpoint.url)}</caption>
        <thead>
          <tr>
            {(['event', 'time', 'attempts', 'result', 'next', 'action'] as const).map((c) => <th key={c} scope="col">{s.cols[c]}</th>)}
          </tr>
        </thead>
        <tbody>
          {list.map((d) => {
            const next = model.nextTry(d);
            const time = formatTime(d.createdAt);
            return (
              <tr key={d.id}>
                <th scope="row">{s.eventNames[d.type]}</th>
                <td>{time}</td>
                <td>{d.attempts}</td>
                <td>
                  {s.deliveryStates[d.state]}
                  {d.lastStatus !== null ? `, ${s.status(d.lastStatus)}` : d.lastResponse ? '' : `, ${s.noAnswer}`}
                  {d.lastResponse && <span class="small answer">{d.lastResponse}</span>}
                </td>
                <td>{next ? (next.getTime() <= Date.now() ? s.now : formatTime(next.toISOString())) : '–'}</td>
                <td>
                  <button type="button" onClick={() => void model.resend(endpoint, d.id)}>
                    {s.resend}
                    <span class="sr-only"> {s.resendOf(s.eventNames[d.type], time)}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
