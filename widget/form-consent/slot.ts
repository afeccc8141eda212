/** Where the box goes: just before the form's submit button, or at the end of the form. */
const SUBMIT = '[type=submit],button:not([type])';
const SLOT = 'data-samtykke-checkbox';

/**
 * The box's place in `form`, made empty and at its expected height on the first call, so that
 * inserting the box later (its texts come from the server, after the first paint) pushes nothing
 * down: layout shift 0. The loader calls this for every marked form as soon as the document is
 * parsed, before it has downloaded any chunk; the chunk finds the same element and draws into it.
 *
 * The height is three lines of the box's text by default; a site whose text wraps differently
 * sets `--samtykke-form-reserve` (for each width, in its own CSS) to keep the shift at 0.
 */
export function consentSlot(form: HTMLFormElement): HTMLElement {
  let slot = form.querySelector<HTMLElement>(`[${SLOT}]`);
  if (!slot) {
    slot = document.createElement('div');
    slot.setAttribute(SLOT, '');
    // Inline, because the box's own stylesheet arrives with the chunk. The margin is the one it sets.
    slot.style.cssText = 'margin:var(--samtykke-form-margin,.75em 0);min-height:var(--samtykke-form-reserve,4.35em)';
    const submit = form.querySelector(SUBMIT);
    if (submit) submit.before(slot);
    else form.append(slot);
  }
  return slot;
}

/** Gives back the space kept in `form` when no box will be drawn there (it is left as it was). */
export function releaseSlot(form: HTMLFormElement): void {
  const slot = form.querySelector(`[${SLOT}]`);
  if (slot && !slot.shadowRoot) slot.remove();
}
