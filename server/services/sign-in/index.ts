/** @module The password step of console sign-in: hash queue, atomic attempt claim, scrypt. */
export { passwordStep, type PasswordStepDeps, type PasswordStepResult } from './password-step.ts';
