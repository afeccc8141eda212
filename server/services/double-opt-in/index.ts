/** @module Double opt-in: the confirmation mail after a grant, the link's page, and the daily expiry. */
export { startDoubleOptIns, type DoubleOptInDeps } from './start.ts';
export { confirm, confirmState, type ConfirmState } from './confirm.ts';
export { confirmPage } from './page.ts';
export { expireDoubleOptIns } from './expire.ts';
export { outcomeEventId } from './record.ts';
