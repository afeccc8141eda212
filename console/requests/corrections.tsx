/** @module Rectification (Art. 16): what staff corrected, old → new, for any field; listed to the requester on completion. */
import type { RequestCorrection } from '../../protocol/index.ts';
import { t } from '../i18n/index.ts';
import * as model from './model.ts';

/** The corrections already recorded on the request. */
export function CorrectionsList({ corrections }: { corrections: RequestCorrection[] }) {
  const s = t.value.requests;
  if (!corrections.length) return null;
  return (
    <div class="table-wrap">
      <table class="corrections">
        <caption>{s.corrected}</caption>
        <thead>
          <tr><th scope="col">{s.field}</th><th scope="col">{s.oldValue}</th><th scope="col">{s.newValue}</th></tr>
        </thead>
        <tbody>
          {corrections.map((c, i) => (
            <tr key={i}><th scope="row">{c.field}</th><td><del>{c.old}</del></td><td><ins>{c.new}</ins></td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Rows of field, old value and new value; several at once. */
export function CorrectionsEditor() {
  const s = t.value.requests;
  const rows = model.draft.value;
  const filled = rows.some((r) => r.field.trim());
  return (
    <fieldset class="panel inner corrections-editor">
      <legend>{s.recordCorrections}</legend>
      <p class="hint" id="corr-hint">{s.correctionsHint}</p>
      {rows.map((row, i) => (
        <div class="correction-row" key={i} role="group" aria-label={s.correctionRow(i + 1)}>
          {(['field', 'old', 'new'] as const).map((key) => (
            <div class="field" key={key}>
              <label for={`corr-${i}-${key}`}>{key === 'field' ? s.field : key === 'old' ? s.oldValue : s.newValue}</label>
              <input id={`corr-${i}-${key}`} type="text" value={row[key]} aria-describedby={key === 'field' ? 'corr-hint' : undefined} onInput={(e) => model.editCorrection(i, key, e.currentTarget.value)} />
            </div>
          ))}
          {rows.length > 1 && (
            <button type="button" class="link" onClick={() => {
              model.removeCorrection(i);
              document.getElementById(`corr-${Math.max(0, i - 1)}-field`)?.focus();
            }}>{s.removeRow(i + 1)}</button>
          )}
        </div>
      ))}
      <div class="actions">
        <button type="button" onClick={() => {
          model.addCorrection();
          requestAnimationFrame(() => document.getElementById(`corr-${rows.length}-field`)?.focus());
        }}>{s.addRow}</button>
        <button type="button" disabled={!filled} onClick={() => void model.recordCorrections()}>{s.saveCorrections}</button>
      </div>
    </fieldset>
  );
}
