/** @module Moving focus after a change: models ask for an element by id, `<FocusMover />` does the DOM work once it is drawn. */
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

const wanted = signal<string | undefined>(undefined);

/** Asks for focus on the element with this id as soon as it is on the page (a row just added, the next row after a removal). */
export function requestFocus(id: string): void {
  wanted.value = id;
}

/**
 * Put once on a page whose models call `requestFocus`. The element may be drawn in the same
 * render or, after a save, a few frames later, so it is looked for on a few frames before giving up.
 */
export function FocusMover() {
  const id = wanted.value;
  useEffect(() => {
    if (!id) return;
    let tries = 0;
    let frame = 0;
    const attempt = () => {
      const el = document.getElementById(id);
      if (el) {
        el.focus();
        if (wanted.peek() === id) wanted.value = undefined;
      } else if ((tries += 1) < 20) frame = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(frame);
  }, [id]);
  return null;
}

/**
 * Moves focus to the page's heading once it is drawn (after sign-in, a page change, opening or
 * finishing a request), so a keyboard or screen-reader user is told where they are and focus is
 * never left on `<body>`. The page may show "Loading" first, so the heading is looked for on a
 * few frames; a field the person is typing in keeps its focus, and so does any control a keyboard
 * user moved to while the page was loading: taking it back would undo their Tab.
 */
export function focusMainHeading(): void {
  const before = document.activeElement;
  let tries = 0;
  const attempt = () => {
    const heading = document.querySelector<HTMLElement>('main h1');
    const now = document.activeElement;
    if (now && now !== before && now !== document.body && now !== heading) return;
    // A question the page has just put up (the unsaved-changes prompt when signing out from another
    // page) or a field being typed in keeps the focus: taking it would hide the question.
    // So does a heading inside `main` that the page itself focused (the recovery codes shown once).
    const active = document.activeElement;
    if (active?.closest('[role="alert"], [role="alertdialog"], input, textarea, select')) return;
    if (active && active !== heading && /^H[1-6]$/.test(active.tagName) && active.closest('main')) return;
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus();
    } else if ((tries += 1) < 60) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
