import { effect } from '@preact/signals-core';
import { render, type VNode } from 'preact';

/**
 * Renders a view and renders it again whenever a signal it read changes. First-load UI uses this
 * instead of @preact/signals' component adapter, which with preact/hooks costs ~3.4 KB gzip that
 * the 16 KB first-visit budget cannot spare; the chat chunk, loaded on demand, uses the adapter.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's vnode
export function mount(view: () => VNode<any>, root: ShadowRoot | Element): () => void {
  const stop = effect(() => {
    render(view(), root);
  });
  return () => {
    stop();
    render(null, root);
  };
}
