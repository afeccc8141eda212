/**
 * axe-core in a real page, for the browser tests: injected once per page, run over the whole
 * document (it reads open shadow roots, where the widget lives) or over `include`, and each
 * violation named with the elements it found. It is evaluated through the DevTools protocol, not
 * added as a script element, so a page's own CSP (every HTML page has one) stays on while it is checked.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

const AXE = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');
type Axe = { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };

/** `include` as axe takes it, e.g. `[['#samtykke-root', '.skc-chat']]` for elements inside a shadow root. */
export async function axeViolations(page: Page, include?: unknown[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE, 'utf8'));
  const result = await page.evaluate(
    (only) => (window as unknown as { axe: Axe }).axe.run(only ? { include: only } : document, { resultTypes: ['violations'] }),
    include,
  );
  return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
