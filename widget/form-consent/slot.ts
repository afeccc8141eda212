import type { FirstLayerConfig } from '../../protocol/index.ts';

/** Where the box goes: just before the form's submit button, or at the end of the form. */
const SUBMIT = '[type=submit],button:not([type])';
const SLOT = 'data-samtykke-checkbox';

/** The form's id in the site's settings (`forms`) and in each consent record. */
export const formIdOf = (form: HTMLFormElement): string => form.dataset.samtykkeFormId || form.id || form.getAttribute('name') || location.pathname;

/**
 * The box's place in `form`, made empty and at its expected height on the first call, so that
 * inserting the box later (its chunk arrives after the first paint) pushes nothing down: layout
 * shift 0. The loader calls this for every marked form as soon as the document is parsed, before
 * it has downloaded any chunk; the chunk finds the same element and draws into it.
 *
 * With the site's settings at hand (`site`: the per-site script carries them, or an earlier page
 * left them cached) the place holds an invisible copy of the box's text, laid out as the box lays
 * it out, so it is exactly as high as the box at every width and in every font: a place kept at a
 * guessed height left plain pages an empty gap above the submit button (issue 18). Attaching the
 * box's shadow root hides the copy. Without them the place is three lines high, and a site whose
 * text wraps differently sets `--samtykke-form-reserve` (for each width, in its own CSS).
 *
 * With `hide`, no box is coming (its chunk or the site's settings could not be loaded): the place,
 * ours or the site's, gives its space back, so the visitor sees no unexplained gap in the form.
 */
export function consentSlot(form: HTMLFormElement, hide?: boolean, site?: FirstLayerConfig): HTMLElement {
  let slot = form.querySelector<HTMLElement>(`[${SLOT}]`);
  if (!slot) {
    slot = document.createElement('div');
    slot.setAttribute(SLOT, '');
    const texts = site?.texts;
    const text = texts && (site.forms[formIdOf(form)]?.basis === 'existing-customer' ? texts.marketingEmailOptOut : texts.marketingEmail);
    // Inline, because the box's own stylesheet arrives with the chunk. The margin is the one it
    // sets; with the copy, a site's --samtykke-form-reserve still wins, and there is no default.
    slot.style.cssText = `margin:var(--samtykke-form-margin,.75em 0);min-height:var(--samtykke-form-reserve${text ? '' : ',4.35em'})`;
    if (text) {
      // The box's label: after the 1.15em box and the .6em gap, at its line height (checkbox.css).
      const copy = document.createElement('div');
      copy.style.cssText = 'padding-left:1.75em;line-height:1.45;visibility:hidden';
      copy.append(`${text.text} ${text.linkText}`);
      slot.append(copy);
    }
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
