import type { ConsoleAccount, ConsoleRole } from '../../protocol/index.ts';
import { isAdmin, me } from '../auth/model.ts';
import { t } from '../i18n/index.ts';
import { Field, Select } from '../ui/field.tsx';
import * as model from './staff-model.ts';

const n = model.PREFIX;

/**
 * Staff of the sites the caller owns: one row per person, one role picker per site (owner,
 * agent or none), and a form to add someone. The server decides what each caller may give;
 * this shows only what it answered.
 */
export function Staff({ sites }: { sites: { key: string; name: string }[] }) {
  const s = t.value.settings.staff;
  const roles = t.value.roles;
  if (!model.form.site.value && sites[0]) model.form.site.value = sites[0].key;
  return (
    <section class="panel staff" aria-labelledby={`${n}-h`}>
      <h2 id={`${n}-h`}>{s.title}</h2>
      <p class="hint">{s.help}</p>
      <p class="hint">{s.unlockHelp}</p>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">{s.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{s.email}</th>
              {sites.map((site) => <th key={site.key} scope="col">{site.name}</th>)}
              <th scope="col">{s.status}</th>
            </tr>
          </thead>
          <tbody>
            {model.accounts.value.map((a) => <Row key={a.id} account={a} sites={sites} />)}
          </tbody>
        </table>
      </div>
      <p role="status" class="hint">{said(sites)}</p>
      {model.failed.value && <p id={`${n}-error`} role="alert" tabIndex={-1}>{s.errors[model.failed.value as keyof typeof s.errors] ?? s.errors.other}</p>}
      <form
        class="panel inner"
        aria-labelledby={`${n}-add-h`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void model.create();
        }}
      >
        <h3 id={`${n}-add-h`}>{s.add}</h3>
        <Field label={s.email} type="email" autoComplete="off" value={model.form.email} required />
        <Select label={s.site} value={model.form.site} options={sites.map((x): [string, string] => [x.key, x.name])} />
        <Select label={s.role} value={model.form.role} options={[['agent', roles.agent], ['owner', roles.owner]]} />
        {isAdmin.value && (
          <div class="field checkbox">
            <input id={`${n}-admin`} type="checkbox" checked={model.form.admin.value} onChange={(e) => (model.form.admin.value = e.currentTarget.checked)} />
            <label for={`${n}-admin`}>{s.makeAdmin}</label>
          </div>
        )}
        <button type="submit" disabled={model.busy.value}>{s.create}</button>
      </form>
      {model.created.value && (
        <p id={`${n}-created`} role="status" tabIndex={-1}>
          {s.created(model.created.value.email)} <code>{model.created.value.password}</code>
        </p>
      )}
    </section>
  );
}

/** The last role change or unlock in words, in the console's language now. */
function said(sites: { key: string; name: string }[]): string {
  const s = t.value.settings.staff;
  const u = model.unlocked.value;
  if (u) return s.unlocked(u.email, u.cleared);
  const c = model.changed.value;
  if (!c) return '';
  return s.saved(c.email, sites.find((x) => x.key === c.site)?.name ?? c.site, c.role ? t.value.roles[c.role] : s.none);
}

/** An address that may wrap after its @ and dots on a narrow screen, never inside a word. */
function Email({ email }: { email: string }) {
  return <>{email.split(/(?<=[@.])/).map((part, i) => (i ? [<wbr key={i} />, part] : part))}</>;
}

function Row({ account: a, sites }: { account: ConsoleAccount; sites: { key: string; name: string }[] }) {
  const s = t.value.settings;
  const roles = t.value.roles;
  const own = a.id === me.value?.id;
  return (
    <tr>
      <th scope="row">
        <Email email={a.email} />
        {a.admin && <span class="hint"> ({roles.admin})</span>}
      </th>
      {sites.map((site) => {
        const role = a.sites.find((x) => x.site === site.key)?.role;
        const label = s.staff.roleOf(a.email, site.name);
        // Nobody changes their own role (the server refuses too): a site keeps the owner who meant to stay.
        if (own) return <td key={site.key}>{role ? roles[role] : s.staff.none}</td>;
        return (
          <td key={site.key}>
            <select
              aria-label={label}
              value={role ?? ''}
              onChange={(e) => {
                const next = (e.currentTarget.value || null) as ConsoleRole | null;
                void model.setRole(a, site.key, next);
              }}
            >
              <option value="">{s.staff.none}</option>
              <option value="agent">{roles.agent}</option>
              <option value="owner">{roles.owner}</option>
            </select>
          </td>
        );
      })}
      <td>
        {a.disabled ? `${s.disabled} ` : ''}
        {!own && (
          <button type="button" onClick={() => void model.setDisabled(a.id, !a.disabled)}>
            {a.disabled ? s.enable : s.disable}
            <span class="sr-only"> {a.email}</span>
          </button>
        )}{' '}
        <button type="button" onClick={() => void model.unlock(a)}>
          {s.staff.unlock}
          <span class="sr-only"> {a.email}</span>
        </button>
      </td>
    </tr>
  );
}
