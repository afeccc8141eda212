const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),summary,[tabindex]:not([tabindex="-1"])';

/** Focusable elements in order, leaving out those inside a closed <details>. */
export function focusables(container: Element): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => {
    const details = el.parentElement?.closest('details');
    return !details || details.open || (el.tagName === 'SUMMARY' && el.parentElement === details);
  });
}

/**
 * Keeps Tab inside a modal dialog (WAI-ARIA APG dialog pattern): from the last element to the
 * first and back. The dialog lives in a shadow root, so focus is read from it, not from document.
 */
export function trapFocus(event: KeyboardEvent): void {
  if (event.key !== 'Tab') return;
  const dialog = event.currentTarget as HTMLElement;
  const list = focusables(dialog);
  if (!list.length) return;
  const active = (dialog.getRootNode() as ShadowRoot).activeElement;
  const first = list[0]!;
  const last = list[list.length - 1]!;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
