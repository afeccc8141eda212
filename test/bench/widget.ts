/**
 * `npm run bench:widget`: what the widget costs a host page, measured in real Chromium. A benchmark,
 * not a test: it prints medians and spreads, each beside the same page without the widget, and
 * exits non-zero only when a budget from issue 8 is missed.
 *
 * Each run is a fresh browser context (cold cache), and runs with and without the widget are
 * interleaved so that drift on the machine hits both alike. RUNS sets the number of pairs, RATES
 * the CPU slowdowns (default 1,4) and PAGES the demo pages (default kontakt.html,index.html).
 *
 * First it runs the comparison with four open-source banners (banners.ts, COMPARE_RUNS loads each,
 * default 10): a site of its own, declared in a SITES_FILE with the host pages' origin allowed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { DEMO_COOKIES } from '../../server/demo-cookies.ts';
import { launchChromium } from '../setup/browser.ts';
import { compareBanners, SETTINGS } from './banners.ts';
import { startSamtykke, stop } from './server-process.ts';
import { BENCH_PROBE, type ProbeResult } from './widget-probe.ts';

const RUNS = Number(process.env.RUNS ?? 12);
const RATES = (process.env.RATES ?? '1,4').split(',').map(Number);
const PAGES = (process.env.PAGES ?? 'kontakt.html,index.html').split(',');
// ONLY=compare runs only the comparison with the four banners, ONLY=detail only the per-page detail.
const ONLY = process.env.ONLY;
const COMPARE_RUNS = Number(process.env.COMPARE_RUNS ?? 10);
const BENCH_SITE = 'pk_bench_banners';
const SCRIPT_TAG = /<script src="\/s\/pk_demo_nettfokus\.js"[^>]*><\/script>\n?/;

interface Sample {
  bytes: number;
  requests: number;
  fcp: number;
  noticeAt?: number;
  /** Notice visible minus the same page's own first contentful paint: the figure a busy machine shifts least. */
  noticeAfterPaint?: number;
  checkboxAfterScript?: number;
  tbt: number;
  cls: number;
  widgetLongFrames: number;
  widgetBlocking: number;
  widgetScripts: Record<string, number>;
  heap: number;
  returnBytes?: number;
  returnRequests?: number;
  chatReady?: number;
}

/** The demo site twice: as published, and with our script tag removed (`bare-<page>`). */
function demoWithBarePages(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-bench-'));
  fs.cpSync('demo', dir, { recursive: true });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(dir, file), 'utf8');
    fs.writeFileSync(path.join(dir, `bare-${file}`), html.replace(SCRIPT_TAG, ''));
  }
  return dir;
}

/** Counts what the page downloaded from our server's widget and API paths, as sent over the wire. */
function watchNetwork(cdp: CDPSession, widgetOnly: boolean) {
  const urls = new Map<string, string>();
  const totals = { bytes: 0, requests: 0 };
  const ours = (url: string) => !widgetOnly || /\/(samtykke\.js|chunks\/|v1\/)/.test(new URL(url).pathname);
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId);
    if (url && ours(url)) {
      totals.bytes += e.encodedDataLength;
      totals.requests++;
    }
  });
  return totals;
}

async function openProbed(context: BrowserContext, rate: number): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  // tsx wraps named functions in __name(); the page has no such helper, so give it one.
  await page.addInitScript({ content: `var __name = (f) => f; (${BENCH_PROBE.toString()})();` });
  return { page, cdp };
}

async function settle(page: Page, withWidget: boolean, hasForm: boolean): Promise<ProbeResult> {
  if (withWidget) {
    await page.waitForFunction(() => window.__bench?.noticeAt !== undefined, undefined, { timeout: 10_000 });
    if (hasForm) await page.waitForFunction(() => window.__bench?.checkboxAt !== undefined, undefined, { timeout: 10_000 });
  }
  // Let idle-time work and late layout shifts happen before reading the figures.
  await page.waitForTimeout(600);
  return page.evaluate(() => window.__bench!.read());
}

async function measure(browser: Browser, base: string, file: string, withWidget: boolean, rate: number): Promise<Sample> {
  const context = await browser.newContext();
  try {
    const { page, cdp } = await openProbed(context, rate);
    const net = watchNetwork(cdp, withWidget);
    const hasForm = /data-samtykke="marketing"/.test(fs.readFileSync(path.join('demo', file), 'utf8'));
    await page.goto(`${base}/${withWidget ? file : `bare-${file}`}`, { waitUntil: 'load' });
    const probe = await settle(page, withWidget, hasForm);
    const heap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    const sample: Sample = { bytes: net.bytes, requests: net.requests, fcp: probe.fcp, tbt: probe.tbt, cls: probe.cls, heap, noticeAt: probe.noticeAt, widgetLongFrames: probe.widgetLongFrames, widgetBlocking: probe.widgetBlocking, widgetScripts: probe.widgetScripts };
    if (probe.noticeAt !== undefined) sample.noticeAfterPaint = probe.noticeAt - probe.fcp;
    if (probe.checkboxAt !== undefined && probe.scriptStart !== undefined) sample.checkboxAfterScript = probe.checkboxAt - probe.scriptStart;
    if (!withWidget) return sample;

    // Chat: from the launcher click to a focused text field.
    sample.chatReady = await page.evaluate(() => window.__bench!.timeChat());

    // Return visit with a fresh choice: reject all, then load the page again on a warm cache.
    await page.evaluate(() => {
      const buttons = document.getElementById('samtykke-root')?.shadowRoot?.querySelectorAll<HTMLButtonElement>('.sk-notice button');
      Array.from(buttons ?? []).find((b) => /Avvis|Reject/.test(b.textContent ?? ''))?.click();
    });
    const back = watchNetwork(cdp, true);
    await page.goto(`${base}/${file}`, { waitUntil: 'load' });
    await page.waitForTimeout(600);
    sample.returnBytes = back.bytes;
    sample.returnRequests = back.requests;
    return sample;
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const spread = (xs: number[], digits = 1) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
const pick = (samples: Sample[], key: keyof Sample) => samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number');

function row(label: string, withW: number[], without: number[] | undefined, unit: string, budget?: number, digits = 1): boolean {
  if (!withW.length) return true;
  const m = median(withW);
  const fmt = (x: number) => x.toFixed(digits);
  const base = without?.length ? median(without) : undefined;
  const relation = base === undefined ? '' : base > 0 ? ` (×${(m / base).toFixed(2)} of bare ${fmt(base)})` : ` (Δ ${fmt(m - base)} vs bare)`;
  const over = budget !== undefined && m > budget;
  console.log(`  ${over ? 'OVER' : 'ok  '} ${label.padEnd(44)} ${fmt(m).padStart(9)} ${unit.padEnd(3)} [${spread(withW, digits)}]${relation}${budget !== undefined ? `  budget ${budget}` : ''}`);
  return !over;
}

/** Starts a Samtykke server whose site `pk_bench_banners` allows `origin`; the tag a site owner pastes for it. */
async function benchSite(dataDir: string, origin: string): Promise<{ tag: string; server: Awaited<ReturnType<typeof startSamtykke>> }> {
  const sitesFile = path.join(dataDir, 'sites.json');
  const site = { key: BENCH_SITE, name: 'Nettfokus', origins: [origin], policy: { url: `${origin}/personvern.html`, version: '2024-02-11' }, forms: {}, cookies: DEMO_COOKIES };
  fs.writeFileSync(sitesFile, JSON.stringify([site]));
  const server = await startSamtykke({
    SITES_FILE: sitesFile,
    WIDGET_DIR: process.env.WIDGET_DIR ?? 'dist/widget',
    DATABASE_PATH: path.join(dataDir, 'compare.db'),
    MAIL_OUTBOX_DIR: path.join(dataDir, 'mail-compare'),
  });
  // The per-site script, as the console and `npm start` print it. SAMTYKKE_TAG benches another form,
  // e.g. '<script src="{api}/samtykke.js" data-site="{site}" async></script>' (the settings fetched after the loader)
  // or the per-site script with defer.
  const tag = (process.env.SAMTYKKE_TAG ?? '<script src="{api}/s/{site}.js" async></script>').replaceAll('{api}', server.url).replaceAll('{site}', BENCH_SITE);
  return { tag, server };
}

async function main(): Promise<void> {
  if (!fs.existsSync('dist/widget/samtykke.js')) throw new Error('No widget build: run "npm run build" first.');
  if (ONLY !== 'detail') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-bench-compare-'));
    const browser = await launchChromium();
    let server: Awaited<ReturnType<typeof startSamtykke>> | undefined;
    try {
      console.log(`Chromium ${browser.version()}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, load average ${os.loadavg()[0]!.toFixed(1)}; ${new Date().toISOString()}`);
      await compareBanners(browser, {
        runs: COMPARE_RUNS,
        // COMPARE_SETTINGS=0,2 picks rows of SETTINGS (1×, 4×, 4× with the slow network).
        settings: process.env.COMPARE_SETTINGS ? process.env.COMPARE_SETTINGS.split(',').map((i) => SETTINGS[Number(i)]!) : SETTINGS,
        samtykke: async (origin) => {
          const started = await benchSite(dataDir, origin);
          server = started.server;
          return started.tag;
        },
      });
    } finally {
      await browser.close();
      if (server) await stop(server);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    if (ONLY === 'compare') return;
  }
  const demoDir = demoWithBarePages();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-bench-data-'));
  // In a process of its own, as in production: in this one it would share an event loop with the
  // CDP traffic of every page load. WIDGET_DIR benches another build (e.g. a copy of dist/widget
  // from before a change) on the same demo.
  const server = await startSamtykke({
    DEMO_DIR: demoDir,
    WIDGET_DIR: process.env.WIDGET_DIR ?? 'dist/widget',
    DATABASE_PATH: path.join(dataDir, 'samtykke.db'),
    MAIL_OUTBOX_DIR: path.join(dataDir, 'mail'),
  });
  const browser = await launchChromium();
  let ok = true;
  try {
    console.log(`Widget cost in Chromium ${browser.version()}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}; ${RUNS} interleaved pairs per row; ${new Date().toISOString()}`);
    for (const rate of RATES) {
      for (const file of PAGES) {
        const withW: Sample[] = [];
        const without: Sample[] = [];
        for (let i = 0; i < RUNS; i++) {
          without.push(await measure(browser, server.url, file, false, rate));
          withW.push(await measure(browser, server.url, file, true, rate));
        }
        console.log(`\n${file} at ${rate}× CPU`);
        ok = row('first visit: widget bytes (gzip on the wire)', pick(withW, 'bytes'), undefined, 'B') && ok;
        row('first visit: widget requests', pick(withW, 'requests'), undefined, '');
        row('return visit, fresh choice: widget bytes', pick(withW, 'returnBytes'), undefined, 'B');
        row('return visit, fresh choice: widget requests', pick(withW, 'returnRequests'), undefined, '');
        row('first contentful paint', pick(withW, 'fcp'), pick(without, 'fcp'), 'ms');
        ok = row('navigation → notice visible', pick(withW, 'noticeAt'), undefined, 'ms', rate === 1 ? 80 : 230) && ok;
        row("notice visible after the page's own first paint", pick(withW, 'noticeAfterPaint'), undefined, 'ms');
        row('script tag → checkbox inserted', pick(withW, 'checkboxAfterScript'), undefined, 'ms');
        ok = row('total blocking time (long tasks)', pick(withW, 'tbt'), pick(without, 'tbt'), 'ms', median(pick(without, 'tbt'))) && ok;
        ok = row('long frames running widget code (LoAF)', pick(withW, 'widgetLongFrames'), undefined, '', 0, 0) && ok;
        row('  their blocking time', pick(withW, 'widgetBlocking'), undefined, 'ms');
        const scripts = new Map<string, number[]>();
        for (const s of withW) for (const [file, ms] of Object.entries(s.widgetScripts)) scripts.set(file, [...(scripts.get(file) ?? []), ms]);
        for (const [file, ms] of scripts) console.log(`       ${file}: script time in long frames, in ${ms.length} of ${withW.length} loads: median ${median(ms).toFixed(1)} ms [${spread(ms)}]`);
        ok = row('cumulative layout shift', pick(withW, 'cls'), pick(without, 'cls'), '', 0, 4) && ok;
        row('JS heap', pick(withW, 'heap').map((b) => b / 1024), pick(without, 'heap').map((b) => b / 1024), 'KB');
        ok = row('launcher click → focused chat input', pick(withW, 'chatReady'), undefined, 'ms', rate === 1 ? 150 : undefined) && ok;
      }
    }
  } finally {
    await browser.close();
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(demoDir, { recursive: true, force: true });
  }
  if (!ok) {
    console.error('\nA budget is missed (see OVER).');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
