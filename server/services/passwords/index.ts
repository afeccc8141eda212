/** @module Password hashing for console accounts: scrypt from node:crypto with OWASP parameters, run through a bounded queue. */
export { createPasswordHasher, type PasswordHasher, type ScryptParams } from './scrypt.ts';
export { createHashQueue, type HashQueue, type HashQueueOptions, type HashTicket } from './queue.ts';
