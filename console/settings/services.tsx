import type { Signal } from '@preact/signals';
import { t } from '../i18n/index.ts';
import { Check } from '../ui/field.tsx';
import { addCookie, addService, removeCookie, removeService, type CookieDraft, type ServiceDraft } from './draft.ts';
import { IssueField, LocalisedFields } from './fields.tsx';
import type { Issues } from './issues.ts';

/**
 * The services of one category, each with its cookies. `id` is the list's element id as the
 * server's path names it (`s-cookies-statistics-services`): the add button carries it, so an issue
 * about the list as a whole ("at least one") sits on the control that fixes it.
 */
export function ServiceList({ id, list, issues }: { id: string; list: Signal<ServiceDraft[]>; issues: Issues }) {
  const s = t.value.settings.cookies;
  const error = issues.errors.value.get(id);
  return (
    <div class="rows">
      {list.value.map((service, i) => (
        <ServiceRow key={service.id} n={i + 1} service={service} issues={issues} onRemove={() => removeService(list, service.id, id)} />
      ))}
      <button
        type="button"
        id={id}
        aria-describedby={error ? `${id}-error` : undefined}
        onClick={() => {
          issues.clear(id);
          addService(list);
        }}
      >
        {s.addService}
      </button>
      {error && <span id={`${id}-error`} class="field-error">{error}</span>}
    </div>
  );
}

function ServiceRow({ n, service, issues, onRemove }: { n: number; service: ServiceDraft; issues: Issues; onRemove: () => void }) {
  const s = t.value.settings.cookies;
  const name = service.name.value.trim();
  const own = (leaf: string) => `${service.id}-${leaf}`;
  const cookiesError = issues.errors.value.get(own('cookies'));
  return (
    <fieldset class="row" id={service.id} tabIndex={-1}>
      <legend>{s.service(n, name)}</legend>
      <div class="pair">
        <IssueField issues={issues} id={own('name')} label={s.serviceName} value={service.name} required />
        <IssueField issues={issues} id={own('provider')} label={s.provider} value={service.provider} required />
      </div>
      <LocalisedFields issues={issues} id={own('purpose')} label={s.servicePurpose} value={service.purpose} multiline />
      <IssueField issues={issues} id={own('privacyUrl')} label={s.privacyUrl} value={service.privacyUrl} type="url" />
      <fieldset class="row cookies">
        <legend>{s.cookiesOf(name)}</legend>
        {service.cookies.value.length === 0 && <p class="hint">{s.noCookies}</p>}
        {service.cookies.value.map((cookie, i) => (
          <CookieRow key={cookie.id} n={i + 1} cookie={cookie} issues={issues} onRemove={() => removeCookie(service, cookie.id, own('cookies'))} />
        ))}
        <button
          type="button"
          id={own('cookies')}
          aria-describedby={cookiesError ? `${own('cookies')}-error` : undefined}
          onClick={() => {
            issues.clear(own('cookies'));
            addCookie(service);
          }}
        >
          {s.addCookie}
          <span class="sr-only"> ({s.service(n, name)})</span>
        </button>
        {cookiesError && <span id={`${own('cookies')}-error`} class="field-error">{cookiesError}</span>}
      </fieldset>
      <button type="button" class="danger" onClick={onRemove}>
        {s.removeService}
        <span class="sr-only"> ({s.service(n, name)})</span>
      </button>
    </fieldset>
  );
}

function CookieRow({ n, cookie, issues, onRemove }: { n: number; cookie: CookieDraft; issues: Issues; onRemove: () => void }) {
  const s = t.value.settings.cookies;
  const name = cookie.name.value.trim();
  const own = (leaf: string) => `${cookie.id}-${leaf}`;
  return (
    <fieldset class="row cookie" id={cookie.id} tabIndex={-1}>
      <legend>{s.cookie(n, name)}</legend>
      <IssueField issues={issues} id={own('name')} label={s.cookieName} hint={s.cookieNameHint} value={cookie.name} required />
      <LocalisedFields issues={issues} id={own('duration')} label={s.duration} value={cookie.duration} />
      <Check id={own('firstParty')} label={s.firstParty} value={cookie.firstParty} />
      <button type="button" class="danger" onClick={onRemove}>
        {s.removeCookie}
        <span class="sr-only"> ({s.cookie(n, name)})</span>
      </button>
    </fieldset>
  );
}
