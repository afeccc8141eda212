/** @module Password hashing for console accounts: scrypt from node:crypto with OWASP parameters. */
export { createPasswordHasher, type PasswordHasher, type ScryptParams } from './scrypt.ts';
