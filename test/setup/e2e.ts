/**
 * The real parts of one browser test file: a Samtykke server (test/setup/server.ts) and a
 * headless Chromium, plus an SMTP server when asked, started before the block's first test and
 * closed after its last. Read them as `e2e.server`, `e2e.browser`, `e2e.smtp` inside tests.
 */
import type { OutboundGuard } from '../../server/services/outbound/index.ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { startTestServer, type TestServer } from './server.ts';
import { startSmtpServer, type TestSmtpServer } from './smtp.ts';

export interface E2eParts {
  browser: Browser;
  server: TestServer;
  /** Set with `{ smtp: true }`: the server's mail goes here. */
  smtp: TestSmtpServer;
}

export function realBrowserAndServer(options: { smtp?: boolean; outbound?: OutboundGuard; digestKey?: string; clock?: () => Date } = {}): E2eParts {
  const parts = {} as E2eParts;
  beforeAll(async () => {
    if (options.smtp) parts.smtp = await startSmtpServer();
    parts.server = await startTestServer({ ...(options.smtp ? { smtpUrl: parts.smtp.url } : {}), ...(options.outbound ? { outbound: options.outbound } : {}), ...(options.digestKey ? { digestKey: options.digestKey } : {}), ...(options.clock ? { clock: options.clock } : {}) });
    parts.browser = await launchChromium();
  });
  afterAll(async () => {
    await parts.browser?.close();
    await parts.server?.close();
    await parts.smtp?.close();
  });
  return parts;
}
