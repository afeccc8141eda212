/** @module The browser outbox: nothing the visitor chose is lost between here and the server. */
export { createOutbox, type Outbox, type OutboxOptions } from './flush.ts';
export { getOutbox } from './shared.ts';
export { addReceipt } from './receipts.ts';
export { journalItems } from './journal.ts';
