/** @module The marketing-consent box inside the site's own forms. */
export { start } from './entry.ts';
export { attachForms } from './attach.ts';
export { buildFormProof } from './proof.ts';
export { findEmail } from './submit.ts';
export { consentSlot } from './slot.ts';
