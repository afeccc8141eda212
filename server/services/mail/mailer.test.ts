import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../test/setup/smtp.ts';
import type { Logger } from '../../log.ts';
import { createMailer, templates } from './index.ts';

function recordingLog() {
  const lines: string[] = [];
  const log: Logger = {
    info: (m, f) => lines.push(JSON.stringify({ m, f })),
    warn: (m, f) => lines.push(JSON.stringify({ m, f })),
    error: (m, f) => lines.push(JSON.stringify({ m, f })),
  };
  return { log, lines };
}

describe('mail over SMTP', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());

  it('delivers a verification code to a real SMTP server and logs neither address nor code', async () => {
    const { log, lines } = recordingLog();
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Nettfokus <personvern@nettfokus.example>', log });
    const mail = templates.verificationCode({ lang: 'nb', siteName: 'Nettfokus', code: '482913', minutes: 15, kind: 'erasure' });
    await mailer.send({ ...mail, to: 'kari@example.no', kind: 'verification-code' });
    const got = await smtp.waitFor((m) => m.to.includes('kari@example.no'));
    expect(got.subject).toBe('Koden din: 482913');
    expect(got.text).toContain('482913');
    expect(got.text).toContain('utløper om 15 minutter');
    expect(got.from).toBe('personvern@nettfokus.example');
    expect(lines.join('\n')).not.toMatch(/kari@example\.no|482913/);
    mailer.close();
  });

  it('fails the send when the SMTP server cannot be reached', async () => {
    const { log } = recordingLog();
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'x@example.no', log, timeoutMs: 2000 });
    await expect(mailer.send({ to: 'a@example.no', subject: 's', text: 't', kind: 'test' })).rejects.toThrow();
    mailer.close();
  });
});

describe('mail without SMTP', () => {
  it('writes an .eml file to the outbox folder, named without the address', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-outbox-'));
    const { log, lines } = recordingLog();
    const mailer = createMailer({ from: 'Nettfokus <personvern@nettfokus.example>', outboxDir: dir, log });
    const mail = templates.verificationCode({ lang: 'en', siteName: 'Nettfokus', code: '123456', minutes: 15, kind: 'access' });
    await mailer.send({ ...mail, to: 'ola@example.com', kind: 'verification-code' });
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/verification-code-[0-9a-f]{8}\.eml$/);
    const eml = fs.readFileSync(path.join(dir, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: ola@example\.com$/m);
    expect(eml).toMatch(/^Subject: Your code: 123456$/m);
    expect(lines.join('\n')).toContain('mail written to outbox');
    expect(lines.join('\n')).not.toMatch(/ola@example\.com|123456/);
    expect(mailer.target).toBe(`outbox:${dir}`);
  });

  it('keeps the outbox folder and its mails private to the server, whatever the umask', async () => {
    // Mails in the outbox hold addresses and codes: other accounts on the machine must not read them.
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-outbox-'));
    const dir = path.join(parent, 'data', 'mail-outbox');
    const umask = process.umask(0);
    try {
      const mailer = createMailer({ from: 'Nettfokus <personvern@nettfokus.example>', outboxDir: dir, log: recordingLog().log });
      await mailer.send({ ...templates.verificationCode({ lang: 'nb', siteName: 'Nettfokus', code: '123456', minutes: 15, kind: 'access' }), to: 'ola@example.com', kind: 'verification-code' });
    } finally {
      process.umask(umask);
    }
    const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
    expect(mode(dir)).toBe('700');
    expect(mode(path.join(parent, 'data'))).toBe('700');
    expect(mode(path.join(dir, fs.readdirSync(dir)[0]!))).toBe('600');
  });
});
