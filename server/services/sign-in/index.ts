/** @module The password step of console sign-in: hash queue, atomic attempt claim, scrypt. */
export { passwordStep, type PasswordStepDeps, type PasswordStepInput, type PasswordStepResult } from './password-step.ts';
export { releaseClaims, settleSignIn } from './settle.ts';
