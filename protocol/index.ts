/** @module The wire protocol: zod schemas shared by server and widget, with the types inferred from them. */
export * from './errors.ts';
export * from './config.ts';
export * from './consent.ts';
export * from './site.ts';
export * from './chat.ts';
export * from './rights.ts';
export type * from './outbox.ts';
export * from './console.ts';
export * from './console-views.ts';
export * from './policy.ts';
export * from './marketing-list.ts';
export * from './policy-map.ts';
export * from './link.ts';
export * from './webhooks.ts';
