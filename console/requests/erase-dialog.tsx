/**
 * @module The question before an erasure: names the person and what goes, Escape or Cancel keeps
 * everything. A modal `<dialog>` keeps focus inside it while open and gives it back on close.
 */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import * as model from './model.ts';

export function EraseDialog({ person, purgeDays = 30 }: { person: string; purgeDays?: number }) {
  const s = t.value.requests;
  const ref = useRef<HTMLDialogElement>(null);
  const open = model.confirmingErase.value;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      d.querySelector<HTMLButtonElement>('#erase-cancel')?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);
  const cancel = () => {
    model.confirmingErase.value = false;
    requestAnimationFrame(() => document.getElementById('erase-open')?.focus());
  };
  return (
    <dialog ref={ref} class="confirm" aria-labelledby="erase-title" aria-describedby="erase-what" onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
    >
      <h2 id="erase-title">{s.eraseTitle(person)}</h2>
      <div id="erase-what">
        <p>{s.eraseNow}</p>
        <ul>
          {s.eraseItems.map((item) => <li key={item}>{item}</li>)}
        </ul>
        <p>{s.eraseLater(purgeDays)}</p>
        <p><strong>{s.eraseIrreversible}</strong></p>
      </div>
      <div class="actions">
        <button type="button" id="erase-cancel" onClick={cancel}>{s.eraseCancel}</button>
        <button type="button" class="danger solid" id="erase-confirm" onClick={() => void model.erase()}>{s.eraseConfirm}</button>
      </div>
    </dialog>
  );
}
