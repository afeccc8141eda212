/** @module Outgoing mail: SMTP through nodemailer, or .eml files in a local outbox when no SMTP is set. */
export { createMailer, type Mail, type Mailer, type MailerOptions } from './mailer.ts';
export * as templates from './templates.ts';
