import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import * as auth from '../auth/model.ts';
import * as consents from '../consents/model.ts';
import { t } from '../i18n/index.ts';
import { FocusMover } from '../ui/focus.tsx';
import { CodeField } from './code-field.tsx';
import { Enrolment } from './enrolment.tsx';
import * as model from './model.ts';
import { RecoveryCodes } from './recovery-codes.tsx';

const disableCode = signal('');

/** The signed-in person's own account: two-factor on or off, and for owners the sites' requirement and resets. */
export function AccountPage() {
  const s = t.value.twoFactor;
  const me = auth.me.value!;
  useEffect(() => {
    void model.load();
    if (auth.isOwner.value) void consents.loadSites().then(() => model.loadOwner(consents.sites.value.map((x) => x.key)));
  }, []);
  const st = model.status.value;
  const codes = model.recoveryCodes.value;
  const enrolment = model.enrolment.value;
  return (
    <>
      <FocusMover />
      <h1>{s.title}</h1>
      <p>{me.email}</p>
      {model.failed.value && <p role="alert">{t.value.common.error}</p>}
      <section class="panel" aria-labelledby={model.HEADING}>
        <h2 id={model.HEADING} tabIndex={-1}>
          {s.heading}
        </h2>
        <p>{s.intro}</p>
        <p role="status">{model.notice.value ?? ''}</p>
        {codes ? (
          <RecoveryCodes codes={codes} email={me.email} onDone={() => model.codesSaved(s.enabledNow)} />
        ) : !st ? (
          <p>{t.value.common.loading}</p>
        ) : st.enabled ? (
          <>
            <p>
              <strong>{s.on}</strong> {s.codesLeft(st.recoveryCodesLeft)}
            </p>
            {st.required ? (
              <p>{s.required}</p>
            ) : (
              <form
                class="panel inner"
                aria-labelledby="disable-h"
                onSubmit={(e) => {
                  e.preventDefault();
                  void model.disable(disableCode.value.trim(), s.disabledNow).then(() => (disableCode.value = ''));
                }}
              >
                <h3 id="disable-h">{s.disableTitle}</h3>
                <p class="hint">{s.disableHint}</p>
                <CodeField id={model.CODE_INPUT} label={s.disableCode} value={disableCode} error={model.codeError.value} />
                <button type="submit" class="danger" disabled={model.busy.value}>
                  {s.disable}
                </button>
              </form>
            )}
          </>
        ) : enrolment ? (
          <Enrolment enrolment={enrolment} error={model.codeError.value} busy={model.busy.value} onConfirm={(code) => void model.confirm(code)} />
        ) : (
          <>
            <p>{s.off}</p>
            <button type="button" onClick={() => void model.start()} disabled={model.busy.value}>
              {s.start}
            </button>
          </>
        )}
      </section>
      {auth.isOwner.value && <OwnerPanel />}
    </>
  );
}

function OwnerPanel() {
  const s = t.value.twoFactor;
  const me = auth.me.value!;
  return (
    <>
      <section class="panel" aria-labelledby="require-h">
        <h2 id="require-h">{s.ownerTitle}</h2>
        <p>{s.ownerIntro}</p>
        {consents.sites.value.map((site) => (
          <div class="field checkbox" key={site.key}>
            <input
              id={`require-${site.key}`}
              type="checkbox"
              checked={!!model.required.value[site.key]}
              aria-describedby={model.requireError.value ? 'require-error' : undefined}
              onChange={(e) => void model.setRequired(site.key, e.currentTarget.checked, s.ownFirst)}
            />
            <label for={`require-${site.key}`}>{s.requireFor(site.name)}</label>
          </div>
        ))}
        {model.requireError.value && (
          <p id="require-error" role="alert">
            {model.requireError.value}
          </p>
        )}
      </section>
      <section class="panel" aria-labelledby="reset-h">
        <h2 id="reset-h">{s.resetTitle}</h2>
        <p>{s.resetIntro}</p>
        <ul class="plain">
          {model.accounts.value
            .filter((a) => a.id !== me.id && !a.disabled)
            .map((a) => (
              <li key={a.id}>
                <button type="button" class="danger" onClick={() => void model.reset(a, s.resetDone(a.email))}>
                  {s.reset(a.email)}
                </button>
              </li>
            ))}
        </ul>
        <p role="status">{model.resetNotice.value ?? ''}</p>
      </section>
    </>
  );
}
