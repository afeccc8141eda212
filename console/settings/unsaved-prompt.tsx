import { t } from '../i18n/index.ts';
import * as model from './model.ts';
import * as unsaved from './unsaved.ts';

/**
 * Asks what to do with unsaved changes before another site (or a new one) replaces them, or the
 * owner signs out. Inline
 * rather than a dialog: role=alert is read out, focus is moved onto it, Tab reaches the three
 * answers, and Escape means stay.
 */
export function UnsavedPrompt() {
  const p = unsaved.pending.value;
  if (!p) return null;
  const s = t.value.settings.unsaved;
  const name = model.site.value?.settings.name ?? '';
  return (
    <div id={unsaved.PROMPT} class="unsaved" role="alert" tabIndex={-1} onKeyDown={(e) => e.key === 'Escape' && unsaved.stay()}>
      <p>
        <strong>{s.title}</strong> {p.signOut ? s.beforeSignOut(name) : p.to === undefined ? s.beforeNew(name) : s.beforeSwitch(name, p.to)}
      </p>
      <p class="actions">
        <button type="button" onClick={() => void unsaved.saveFirst()}>{s.saveFirst}</button>
        <button type="button" onClick={unsaved.discard}>{s.discard}</button>
        <button type="button" onClick={unsaved.stay}>{s.stay}</button>
        <span role="status">{unsaved.busy.value ? s.saving : ''}</span>
      </p>
    </div>
  );
}
