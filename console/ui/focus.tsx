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
