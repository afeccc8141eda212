import { signal, type Signal } from '@preact/signals-core';
import type { LegalBasis } from '../../protocol/index.ts';

export interface FormModel {
  basis: Exclude<LegalBasis, 'gpc-refusal'>;
  /** Never true at first: consent must be an affirmative act (Planet49, C-673/17). */
  ticked: Signal<boolean>;
  setTicked(value: boolean): void;
  /** What the form's own submission carries in `samtykke_marketing`. */
  decision(): 'granted' | 'declined';
}

export function createFormModel(basis: FormModel['basis']): FormModel {
  const ticked = signal(false);
  return {
    basis,
    ticked,
    setTicked: (value) => (ticked.value = value),
    // An existing customer's box is the opt-out: unticked means they stay subscribed.
    decision: () => ((basis === 'existing-customer' ? !ticked.value : ticked.value) ? 'granted' : 'declined'),
  };
}
