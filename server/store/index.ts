/** @module The Store interface and its types; backends live in subfolders (`./sqlite`). */
export type * from './types.ts';
export type * from './chat-types.ts';
export type * from './console-types.ts';
export type * from './webhook-types.ts';
export type * from './two-factor-types.ts';
export type * from './double-opt-in-types.ts';
