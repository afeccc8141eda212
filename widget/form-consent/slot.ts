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
 *
 * With `hide`, no box is coming (its chunk or the site's settings could not be loaded): the place,
 * ours or the site's, gives its space back, so the visitor sees no unexplained gap in the form.
 */
export function consentSlot(form: HTMLFormElement, hide?: boolean): HTMLElement {
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
  // Hidden, not removed: a removal is a mutation, which makes the loader look again, put the place
  // back and retry the load, in a loop that opens and closes the gap. Inline, so it beats the
  // site's own `display` for the place; drawing the box shows it again.
  if (hide) slot.style.display = 'none';
  return slot;
}
