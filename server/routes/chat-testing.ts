/**
 * Fixtures for the chat and rights route tests: the real app over a temp SQLite file with the
 * test site's demo policies, a movable clock, a settable client address and a mailer that keeps
 * what it sends (or a real SMTP mailer when given).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../app.ts';
import type { ChatDeps, ChatLimits } from '../services/chat-deps.ts';
import type { Mail, Mailer } from '../services/mail/index.ts';
import type { Backend } from '../store/backends.testing.ts';
import { appStore, ORIGIN, SITE, siteSettings } from '../testing.ts';

export { ORIGIN, SITE };
export const DPO = 'dpo@shop.example.no';

export function captureMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { sent, target: 'memory', async send(mail) { sent.push(mail); }, close() {} };
}

export interface ChatTestOptions {
  mailer?: Mailer;
  limits?: Partial<ChatLimits>;
  heartbeatSeconds?: number;
  /** @default a temp SQLite file */
  backend?: Backend;
}

export async function chatTestApp({ mailer, limits, heartbeatSeconds = 1, backend }: ChatTestOptions = {}) {
  const t = await appStore(backend);
  await t.store.upsertSite(siteSettings({ chat: { dpoEmail: DPO, referencePrefix: 'TB' } }));
  const policyDir = path.join(import.meta.dirname, '../../demo/policy');
  await t.store.putPolicy({ site: SITE, lang: 'nb', markdown: fs.readFileSync(path.join(policyDir, 'personvern.nb.md'), 'utf8'), url: 'https://shop.example.no/personvern', version: '2024-02-11' });
  await t.store.putPolicy({ site: SITE, lang: 'en', markdown: fs.readFileSync(path.join(policyDir, 'privacy.en.md'), 'utf8'), url: 'https://shop.example.no/privacy', version: '2024-02-11' });
  const mail = mailer ?? captureMailer();
  const state = { now: new Date('2024-03-01T10:00:05.000Z'), client: '203.0.113.7' };
  const logs: string[] = [];
  const log = { info: (m: string, f?: object) => logs.push(JSON.stringify([m, f])), warn: (m: string, f?: object) => logs.push(JSON.stringify([m, f])), error: (m: string, f?: object) => logs.push(JSON.stringify([m, f])) };
  const chat: Partial<ChatDeps> = { mailer: mail, heartbeatSeconds, ...(limits ? { limits: limits as ChatLimits } : {}) };
  const app = createApp({
    store: t.store,
    clock: () => state.now,
    log,
    config: { trustProxy: false, publicUrl: 'http://localhost:8787' },
    clientAddress: () => state.client,
    chat,
  });
  const adminToken = await t.store.createAdminToken('test');

  const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(url, {
      method,
      headers: { Origin: ORIGIN, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const withToken = (token: string) => ({ Authorization: `Bearer ${token}` });
  const asStaff = { Authorization: `Bearer ${adminToken}` };

  async function openConversation(lang: 'nb' | 'en' = 'nb') {
    const res = await call('POST', '/v1/conversations', { site: SITE, lang });
    if (res.status !== 201) throw new Error(`open failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; token: string };
  }

  /** Background mail sends settle after the response; let them. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  return { ...t, app, state, logs, mail, call, withToken, asStaff, openConversation, settle };
}

export const messageId = () => crypto.randomUUID();
