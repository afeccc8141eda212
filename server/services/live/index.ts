/** @module Live delivery of new chat messages to open event streams, behind a small bus interface. */
export { createMemoryBus, type MessageBus } from './memory-bus.ts';
export { createPostgresBus, type PostgresBus } from './postgres-bus.ts';
