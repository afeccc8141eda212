import { defineConfig } from 'vite';

/**
 * The console is its own bundle, built apart from the widget so it can never change the widget's
 * chunks or size budgets. Served by the server at /console with a strict CSP: no inline code.
 */
export default defineConfig({
  root: 'console',
  base: '/console/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    // A separate file, never a data: URL or inline <script>, so `script-src 'self'` is enough.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
