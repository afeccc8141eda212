import { afterEach, describe, expect, it } from 'vitest';
import { focusMainHeading } from './focus.tsx';

const frames = (n: number) => new Promise<void>((done) => {
  const step = (left: number) => (left === 0 ? done() : requestAnimationFrame(() => step(left - 1)));
  step(n);
});

/** A page still "loading": a nav link outside `main`, no heading yet. */
function loadingPage() {
  document.body.innerHTML = '<nav><a href="#s" id="settings">Innstillinger</a></nav><main><p>Laster…</p></main>';
  return () => { document.querySelector('main')!.innerHTML = '<h1>Samtykker</h1>'; };
}

describe('focus after a page change', () => {
  afterEach(() => { document.body.innerHTML = ''; });

  it('goes to the new page’s heading once it is drawn', async () => {
    const draw = loadingPage();
    focusMainHeading();
    await frames(2);
    draw();
    await frames(3);
    expect(document.activeElement?.tagName).toBe('H1');
  });

  it('stays where a keyboard user moved it while the page was still loading', async () => {
    const draw = loadingPage();
    focusMainHeading();
    await frames(1);
    document.getElementById('settings')!.focus();
    draw();
    await frames(3);
    expect(document.activeElement?.id).toBe('settings');
  });
});
