/**
 * The comparison half of `npm run bench:widget`: the Samtykke notice beside four open-source cookie
 * banners (issue 18), on the same host page, in the same run. Each anchor comes from npm with its
 * documented quick start and a minimal configuration (test/bench/banners/); all five pages and
 * the anchors' files are served alike by one small static server here (gzip, as a CDN would),
 * while Samtykke's script comes from its own server on another origin, as a site owner pastes it.
 *
 * Every load is a fresh browser context; the six pages (the bare page too) are interleaved within
 * each round, so drift on the machine hits all alike. "Visible" means laid out with a size, not
 * hidden and not transparent, at an animation frame: a banner that fades in counts from its first
 * frame above opacity 0.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export interface Setting {
  label: string;
  cpu: number;
  /** Chromium's network emulation: extra round-trip latency (ms) and throughput (bytes/s). */
  network?: { latency: number; download: number; upload: number };
}

export const SETTINGS: Setting[] = [
  { label: '1× CPU', cpu: 1 },
  { label: '4× CPU', cpu: 4 },
  { label: '4× CPU, 150 ms RTT, 1.6 Mbit/s', cpu: 4, network: { latency: 150, download: 1_600_000 / 8, upload: 750_000 / 8 } },
];

interface Banner {
  name: string;
  /** What goes into <head> in place of Samtykke's tag. */
  head: (samtykke: string) => string;
  /** The element that is the notice; `shadow` looks inside Samtykke's shadow root. */
  selector: string;
  shadow?: boolean;
  /** Files to copy next to the page: [from node_modules, to]. */
  files?: Array<[string, string]>;
}

const nm = (p: string) => path.join('node_modules', p);

export const BANNERS: Banner[] = [
  { name: 'bare page', head: () => '', selector: '' },
  {
    name: 'Osano cookieconsent',
    // The quick start from the library's download page: stylesheet, script, initialise on load.
    head: () =>
      `<link rel="stylesheet" href="/osano/cookieconsent.min.css">\n<script src="/osano/cookieconsent.min.js"></script>\n<script>window.addEventListener('load', function () { window.cookieconsent.initialise({ type: 'opt-in', palette: { popup: { background: '#1f5f8b' }, button: { background: '#fff', text: '#1f5f8b' } }, content: { message: 'Vi bruker informasjonskapsler til statistikk og markedsføring.', allow: 'Godta alle', deny: 'Avvis alle', link: 'Les mer', href: '/personvern.html' } }); });</script>`,
    selector: '.cc-window',
    files: [
      [nm('cookieconsent/build/cookieconsent.min.css'), 'osano/cookieconsent.min.css'],
      [nm('cookieconsent/build/cookieconsent.min.js'), 'osano/cookieconsent.min.js'],
    ],
  },
  {
    name: 'vanilla-cookieconsent',
    head: () => `<link rel="stylesheet" href="/vanilla-cc/cookieconsent.css">\n<script type="module" src="/vanilla-cc/cookieconsent-config.js"></script>`,
    selector: '#cc-main .cm',
    files: [
      [nm('vanilla-cookieconsent/dist/cookieconsent.css'), 'vanilla-cc/cookieconsent.css'],
      [nm('vanilla-cookieconsent/dist/cookieconsent.umd.js'), 'vanilla-cc/cookieconsent.umd.js'],
      ['test/bench/banners/vanilla-cc-config.js', 'vanilla-cc/cookieconsent-config.js'],
    ],
  },
  {
    name: 'tarteaucitron',
    // The quick start from tarteaucitron.io: the script, init(), and one service so there is something to ask about.
    head: () =>
      `<script src="/tarteaucitron/tarteaucitron.min.js"></script>\n<script>tarteaucitron.init({ privacyUrl: '/personvern.html', orientation: 'bottom', hashtag: '#tarteaucitron', cookieName: 'tarteaucitron', highPrivacy: true, AcceptAllCta: true, DenyAllCta: true, showIcon: true, useExternalCss: false, useExternalJs: false }); tarteaucitron.user.gtagUa = 'G-BENCH'; (tarteaucitron.job = tarteaucitron.job || []).push('gtag');</script>`,
    selector: '#tarteaucitronAlertBig',
    files: [
      [nm('tarteaucitronjs/tarteaucitron.min.js'), 'tarteaucitron/tarteaucitron.min.js'],
      [nm('tarteaucitronjs/tarteaucitron.services.min.js'), 'tarteaucitron/tarteaucitron.services.min.js'],
      [nm('tarteaucitronjs/lang/tarteaucitron.no.min.js'), 'tarteaucitron/lang/tarteaucitron.no.min.js'],
      [nm('tarteaucitronjs/lang/tarteaucitron.en.min.js'), 'tarteaucitron/lang/tarteaucitron.en.min.js'],
      [nm('tarteaucitronjs/css/tarteaucitron.min.css'), 'tarteaucitron/css/tarteaucitron.min.css'],
    ],
  },
  {
    name: 'klaro',
    head: () => `<script defer src="/klaro/config.js"></script>\n<script defer src="/klaro/klaro.js"></script>`,
    selector: '.klaro .cookie-notice, .klaro .cookie-modal',
    files: [
      ['test/bench/banners/klaro-config.js', 'klaro/config.js'],
      [nm('klaro/dist/klaro.js'), 'klaro/klaro.js'],
    ],
  },
  { name: 'Samtykke', head: (tag) => tag, selector: '.sk-notice', shadow: true },
];

/** One load's figures. */
interface Load {
  fcp: number;
  noticeAt?: number;
  cls: number;
  /** Long animation frames in which a script of the banner ran. */
  longFrames: number;
  /** Of those, frames its own script time made long: blocking time no more than that script time. */
  causedFrames: number;
  /** Gzip JS and CSS of the banner as fetched: every request but the page and the site's /assets/. */
  bytes: number;
}

/** The host page: demo/kontakt.html with its Samtykke tag replaced by each banner's head. */
function hostPages(dir: string, samtykkeTag: string): void {
  const page = fs.readFileSync('demo/kontakt.html', 'utf8');
  const tag = /<script src="\/s\/pk_demo_nettfokus\.js"[^>]*><\/script>\n?/;
  if (!tag.test(page)) throw new Error('demo/kontakt.html has no Samtykke tag to replace');
  fs.cpSync('demo/assets', path.join(dir, 'assets'), { recursive: true });
  for (const banner of BANNERS) {
    for (const [from, to] of banner.files ?? []) {
      fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
      fs.copyFileSync(from, path.join(dir, to));
    }
    fs.writeFileSync(path.join(dir, `${slug(banner.name)}.html`), page.replace(tag, `${banner.head(samtykkeTag)}\n`));
  }
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z]+/g, '-');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.md': 'text/markdown' };

/** Serves `dir` with gzip (level 9, kept in memory), `no-cache`, as a plain CDN or web server would. */
export async function staticServer(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const zipped = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(dir, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer = fs.readFileSync(file);
    const headers: Record<string, string> = { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    if (/\bgzip\b/.test(String(req.headers['accept-encoding']))) {
      if (!zipped.has(file)) zipped.set(file, gzipSync(body, { level: 9 }));
      body = zipped.get(file)!;
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs in the page before its own scripts; reports when the banner's element is first visible. */
function bannerProbe(selector: string, shadow: boolean, ownScripts: string): void {
  const state = { noticeAt: undefined as number | undefined, cls: 0, longFrames: 0, causedFrames: 0, frames: [] as string[] };
  (window as unknown as { __banner: typeof state }).__banner = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) state.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const mine = new RegExp(ownScripts);
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries() as Array<PerformanceEntry & { blockingDuration: number; scripts: { sourceURL: string; duration: number }[] }>) {
      const own = frame.scripts.filter((s) => mine.test(s.sourceURL)).reduce((sum, s) => sum + s.duration, 0);
      // For LOAF_DUMP: when, how long, blocking, and each script over 5 ms (file, what called it, offset + duration).
      const at = (t: number) => Math.round(t - frame.startTime);
      const scripts = (frame.scripts as Array<{ sourceURL: string; invoker: string; startTime: number; duration: number }>).map((s) => `${s.sourceURL.replace(/.*\//, '') || '(page)'} ${s.invoker.replace(/^https?:.*/, 'run')} @${at(s.startTime)}+${Math.round(s.duration)}`);
      state.frames.push(`${Math.round(frame.startTime)}+${Math.round(frame.duration)} blocking ${Math.round(frame.blockingDuration)}: ${scripts.join(', ') || 'no script'}`);
      if (frame.blockingDuration <= 0 || !own) continue;
      state.longFrames += 1;
      // A frame the banner made long: without its own script time it would not have blocked. The
      // page's first render (its own style and layout) is long on a fresh context with or without
      // a banner, and any script over 5 ms in that frame is listed in it.
      if (frame.blockingDuration <= own) state.causedFrames += 1;
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  if (!selector) return;
  const visible = (el: Element | null | undefined) => {
    if (!el) return false;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
  };
  const look = () => {
    const root = shadow ? document.getElementById('samtykke-root')?.shadowRoot : document;
    if (Array.from(root?.querySelectorAll(selector) ?? []).some(visible)) state.noticeAt = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

async function loadOnce(browser: Browser, url: string, banner: Banner, setting: Setting, ownScripts: string): Promise<Load> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: setting.cpu });
    if (setting.network) {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: setting.network.latency, downloadThroughput: setting.network.download, uploadThroughput: setting.network.upload });
    }
    const urls = new Map<string, { url: string; type: string }>();
    let bytes = 0;
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, { url: e.response.url, type: e.type }));
    cdp.on('Network.loadingFinished', (e) => {
      const r = urls.get(e.requestId);
      if (r && (r.type === 'Script' || r.type === 'Stylesheet') && !/\/assets\//.test(r.url)) bytes += e.encodedDataLength;
    });
    await page.addInitScript({ content: `var __name = (f) => f; (${bannerProbe.toString()})(${JSON.stringify(banner.selector)}, ${!!banner.shadow}, ${JSON.stringify(ownScripts)});` });
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    if (banner.selector) {
      await page.waitForFunction(() => (window as unknown as { __banner: { noticeAt?: number } }).__banner.noticeAt !== undefined, undefined, { timeout: 20_000 }).catch(async (error: unknown) => {
        if (process.env.BENCH_SHOTS) await page.screenshot({ path: `${process.env.BENCH_SHOTS}/${slug(banner.name)}.png` });
        console.error(`  ${banner.name}: no visible notice (${(error as Error).message.split('\n')[0]})`);
      });
    }
    // Late shifts and idle work.
    await page.waitForTimeout(500);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    const probe = await page.evaluate(() => (window as unknown as { __banner: { noticeAt?: number; cls: number; longFrames: number; causedFrames: number; frames: string[] } }).__banner);
    // LOAF_DUMP=Samtykke (a pattern of banner names) prints every long frame of each load: what to split.
    if (process.env.LOAF_DUMP && new RegExp(process.env.LOAF_DUMP).test(banner.name)) {
      console.log(`  ${banner.name}: first paint ${Math.round(fcp)}, notice ${Math.round(probe.noticeAt ?? NaN)}${probe.frames.map((f) => `\n    ${f}`).join('')}`);
    }
    return { fcp, noticeAt: probe.noticeAt, cls: probe.cls, longFrames: probe.longFrames, causedFrames: probe.causedFrames, bytes };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length ? (s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2) : NaN;
};

/** Gzip (level 9) of the JS and CSS a banner's page pulls in on every page view, from the files themselves. */
function everyPageBytes(banner: Banner, samtykkeEveryPage: number): number | undefined {
  if (banner.name === 'Samtykke') return samtykkeEveryPage;
  if (!banner.files) return undefined;
  // tarteaucitron fetches only the language it shows: count that one.
  return banner.files.filter(([from]) => /\.(js|css)$/.test(from) && !/tarteaucitron\.en\./.test(from)).reduce((sum, [from]) => sum + gzipSync(fs.readFileSync(from), { level: 9 }).length, 0);
}

export interface CompareOptions {
  runs: number;
  /**
   * Given the host pages' origin (which the Samtykke site must allow), the tag a site owner pastes,
   * pointing at the Samtykke server.
   */
  samtykke: (origin: string) => Promise<string>;
  settings?: Setting[];
}

/** Gzip (level 9) of the script a tag loads: what Samtykke downloads on every page. */
async function scriptBytes(tag: string): Promise<number> {
  const src = /src="([^"]+)"/.exec(tag)?.[1];
  if (!src) throw new Error(`no src in ${tag}`);
  const res = await fetch(src);
  if (!res.ok) throw new Error(`${src}: ${res.status}`);
  return gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
}

/** Prints one table per setting: time to notice visible (median of `runs`), ratio to the fastest anchor, bytes, CLS, long frames. */
export async function compareBanners(browser: Browser, { runs, samtykke, settings = SETTINGS }: CompareOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-banners-'));
  const server = await staticServer(dir);
  try {
    const samtykkeTag = await samtykke(server.url);
    const samtykkeEveryPage = await scriptBytes(samtykkeTag);
    hostPages(dir, samtykkeTag);
    console.log(`\nTime to notice visible, Samtykke beside four open-source banners (${runs} fresh loads each, interleaved; host page demo/kontakt.html)`);
    for (const setting of settings) {
      const loads = new Map<string, Load[]>(BANNERS.map((b) => [b.name, []]));
      for (let i = 0; i < runs; i++) {
        for (const banner of BANNERS) {
          const own = banner.shadow ? '/samtykke\\.js|/s/|/chunks/' : banner.files ? banner.files.map(([, to]) => to.split('/')[0]).join('|') : '^$';
          loads.get(banner.name)!.push(await loadOnce(browser, `${server.url}/${slug(banner.name)}.html`, banner, setting, own));
        }
      }
      const notice = (name: string) => median(loads.get(name)!.map((l) => l.noticeAt ?? NaN).filter(Number.isFinite));
      const anchors = BANNERS.filter((b) => b.files).map((b) => notice(b.name)).filter(Number.isFinite);
      const fastest = Math.min(...anchors);
      console.log(`\n${setting.label}`);
      console.log(`  ${'banner'.padEnd(24)} ${'notice ms'.padStart(9)} ${'× fastest'.padStart(9)} ${'first paint'.padStart(11)} ${'every page'.padStart(10)} ${'1st visit'.padStart(9)} ${'CLS'.padStart(6)} ${'long frames'.padStart(11)} ${'made long'.padStart(9)}`);
      for (const banner of BANNERS) {
        const ls = loads.get(banner.name)!;
        const n = notice(banner.name);
        const every = everyPageBytes(banner, samtykkeEveryPage);
        console.log(
          `  ${banner.name.padEnd(24)} ${(banner.selector ? n.toFixed(0) : '').padStart(9)} ${(banner.selector ? `×${(n / fastest).toFixed(2)}` : '').padStart(9)} ${median(ls.map((l) => l.fcp)).toFixed(0).padStart(11)} ${(every ? `${(every / 1024).toFixed(1)} KB` : '').padStart(10)} ${(banner.selector ? `${(median(ls.map((l) => l.bytes)) / 1024).toFixed(1)} KB` : '').padStart(9)} ${median(ls.map((l) => l.cls)).toFixed(3).padStart(6)} ${median(ls.map((l) => l.longFrames)).toFixed(0).padStart(11)} ${`${ls.filter((l) => l.causedFrames > 0).length}/${ls.length}`.padStart(9)}`,
        );
      }
    }
    console.log('\n  notice ms: navigation start → banner visible (median); × fastest: against the fastest of the four anchors; every page: gzip -9 JS+CSS each page view downloads;');
    console.log('  1st visit: JS+CSS on the wire on a first visit (median); long frames: long animation frames in which a script of that banner ran (median);');
    console.log('  made long: loads with a long frame that its own script time made long (blocking time no more than that script time).');
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
