import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Logger } from '../../log.ts';
import { mailDeliveries } from '../../metrics/index.ts';

/** One plain-text mail. Never logged: addresses and codes are personal or secret. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** What kind of mail this is, for the log (`verification-code`, `staff-reply`…). */
  kind: string;
  /** Extra headers, e.g. RFC 8058's List-Unsubscribe pair on marketing mail. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** `smtp://host:port` or `outbox:<dir>`, without credentials, for the boot log. */
  readonly target: string;
  close(): void;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`. When absent, mails go to `outboxDir`. */
  smtpUrl?: string;
  /** The sender, e.g. `Nettfokus personvern <personvern@nettfokus.example>`. */
  from: string;
  /** @default './data/mail-outbox' */
  outboxDir?: string;
  log: Logger;
  /** @default 10_000 */
  timeoutMs?: number;
}

/**
 * With SMTP configured, mail goes through nodemailer; otherwise each mail is written as an .eml
 * file (the format any mail client opens) so the demo works offline. A failed send throws: the
 * caller decides whether the request fails with it.
 */
export function createMailer({ smtpUrl, from, outboxDir = './data/mail-outbox', log, timeoutMs = 10_000 }: MailerOptions): Mailer {
  if (smtpUrl) {
    const url = new URL(smtpUrl);
    // nodemailer reads host, port, TLS and credentials from the URL's parts.
    const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as SMTPTransport.Options);
    return counted({
      target: `${url.protocol}//${url.host}`,
      async send(mail) {
        const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.headers ? { headers: mail.headers } : {}) });
        log.info('mail sent', { kind: mail.kind, messageId: info.messageId });
      },
      close: () => transport.close(),
    });
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return counted({
    target: `outbox:${outboxDir}`,
    async send(mail) {
      const info = await stream.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.headers ? { headers: mail.headers } : {}) });
      await fs.mkdir(outboxDir, { recursive: true, mode: 0o700 });
      // The name says when and what, never to whom.
      const file = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.kind}-${randomBytes(4).toString('hex')}.eml`;
      await fs.writeFile(path.join(outboxDir, file), info.message as Buffer, { mode: 0o600 });
      log.info('mail written to outbox', { kind: mail.kind, file });
    },
    close() {},
  });
}

/** Counts each send by kind and result for `/metrics`; a failure still throws to the caller. */
function counted(mailer: Mailer): Mailer {
  return {
    target: mailer.target,
    close: () => mailer.close(),
    async send(mail) {
      try {
        await mailer.send(mail);
      } catch (error) {
        mailDeliveries.inc({ kind: mail.kind, result: 'failed' });
        throw error;
      }
      mailDeliveries.inc({ kind: mail.kind, result: 'sent' });
    },
  };
}
