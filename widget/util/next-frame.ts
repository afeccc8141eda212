import { guard } from './guard.ts';

const steps: Array<() => void> = [];

/**
 * Queues one step of the loader's drawing: each runs in a task of its own after a painted frame,
 * one step per frame, in the order queued. A fresh page's first style and layout is already
 * 30–60 ms; our work in the same frame, or two of our steps in one, made that frame a long one
 * (issue 18). One failing step does not hold up the next.
 */
export function nextFrame(fn: () => void): void {
  if (steps.push(guard(fn)) === 1) afterPaint();
}

/** The first step, in a task after the next frame. A hidden tab paints nothing: the timer alone then runs it. */
function afterPaint(): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    steps[0]!();
    steps.shift();
    if (steps.length) afterPaint();
  };
  requestAnimationFrame(() => setTimeout(run));
  setTimeout(run, 250);
}
