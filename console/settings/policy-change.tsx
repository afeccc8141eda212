/** @module The question before a material policy change is saved: how many get the mail, and the mail. */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import * as change from './policy-change-model.ts';

export function PolicyChangeQuestion() {
  const s = t.value.settings.policyMail;
  const ref = useRef<HTMLDialogElement>(null);
  const p = change.pending.value;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (p && !d.open) {
      d.showModal();
      d.querySelector<HTMLButtonElement>('#policy-mail-cancel')?.focus();
    } else if (!p && d.open) d.close();
  }, [p]);
  return (
    <>
      {change.problem.value && <p role="alert">{change.problem.value}</p>}
      <dialog ref={ref} class="confirm wide" aria-labelledby="policy-mail-h" aria-describedby="policy-mail-count" onCancel={(e) => {
          e.preventDefault();
          change.cancel();
        }}
      >
        {p && (
          <>
            <h2 id="policy-mail-h">{s.title}</h2>
            <p id="policy-mail-count"><strong>{p.alreadySent ? s.alreadySent : s.count(p.recipients)}</strong></p>
            <h3>{s.subject}</h3>
            <p>{p.mail.subject}</p>
            <h3>{s.text}</h3>
            <pre class="mail-text" tabIndex={0} aria-label={s.text}>{p.mail.text}</pre>
            <p class="hint">{s.unsubscribeNote}</p>
            <div class="actions">
              <button type="button" id="policy-mail-cancel" onClick={change.cancel}>{s.cancel}</button>
              <button type="button" class="danger solid" id="policy-mail-send" onClick={() => void change.confirm()}>{p.alreadySent || p.recipients === 0 ? s.saveOnly : s.send(p.recipients)}</button>
            </div>
          </>
        )}
      </dialog>
    </>
  );
}
