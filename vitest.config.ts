import { defineConfig } from 'vitest/config';

// One project per runtime, as hono does: the widget runs in happy-dom, everything else in node.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: {
    __VERSION__: JSON.stringify('test'),
    // The chunks' code path, which also covers the loader's (notice.ts).
    __LOADER__: 'false',
    __CHUNKS__: JSON.stringify({ formConsent: 'chunks/form-consent.js', outbox: 'chunks/outbox.js', notice: 'chunks/notice.js', preferences: 'chunks/preferences.js', embed: 'chunks/embed.js', chat: 'chunks/chat.js' }),
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'protocol', environment: 'node', include: ['protocol/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['widget/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/dom.ts'],
        },
      },
      {
        extends: true,
        // The staff console's models and forms, in happy-dom (the browser tests are in test/e2e/console.e2e.ts).
        test: { name: 'console', environment: 'happy-dom', include: ['console/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/*.test.ts'],
          // A throwaway PostgreSQL for the run; tests reach it through test/setup/fresh-database.ts.
          globalSetup: ['test/setup/postgres.ts'],
          // Database round trips on a two-core machine running other suites: a slow test is not a failed one.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
