/** @module Backend-neutral rows: what each table's rows look like, and how both backends turn them into the Store's objects and back (mapping, sealing, results computed from rows). No SQL. */
export * from './account.ts';
export * from './audit-entry.ts';
export * from './chat.ts';
export * from './consent-event.ts';
export * from './consent-record.ts';
export * from './double-opt-in.ts';
export * from './console-record.ts';
export * from './marketing-list.ts';
export * from './rights-request.ts';
export * from './site.ts';
export * from './site-secret.ts';
export * from './subject.ts';
export * from './verification-code.ts';
export * from './webhook.ts';
