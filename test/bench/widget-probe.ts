/**
 * Runs inside the benchmarked page before any of its scripts (`page.addInitScript`), in both the
 * bare and the widget variant, so its own small cost is paid by both alike.
 */
export interface ProbeResult {
  fcp: number;
  noticeAt?: number;
  checkboxAt?: number;
  /** When the loader (samtykke.js, or the per-site script /s/<key>.js) had downloaded. */
  scriptStart?: number;
  /** Total blocking time: the sum of every long task's time over 50 ms. */
  tbt: number;
  cls: number;
  /**
   * Long animation frames (over 50 ms) in which a widget script ran, and their blocking time: the
   * long tasks the widget took part in, attributed by the browser (LoAF's script source URLs)
   * rather than inferred from the difference to the bare page.
   */
  widgetLongFrames: number;
  widgetBlocking: number;
  /** Per widget file, its script time inside those frames (ms), for finding what to split. */
  widgetScripts: Record<string, number>;
}

interface Probe {
  noticeAt?: number;
  checkboxAt?: number;
  read(): ProbeResult;
  timeChat(): Promise<number | undefined>;
}

declare global {
  interface Window {
    __bench?: Probe;
  }
}

export function BENCH_PROBE(): void {
  let cls = 0;
  let tbt = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tbt += Math.max(0, e.duration - 50);
  }).observe({ type: 'longtask', buffered: true });
  let widgetLongFrames = 0;
  let widgetBlocking = 0;
  const widgetScripts: Record<string, number> = {};
  type Frame = PerformanceEntry & { blockingDuration: number; scripts: { sourceURL: string; duration: number }[] };
  // The per-site script (/s/<key>.js) is the loader too.
  const ours = (url: string) => /\/samtykke\.js|\/chunks\/|\/s\/pk_/.test(url);
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries() as Frame[]) {
      const mine = frame.scripts.filter((script) => ours(script.sourceURL));
      if (frame.blockingDuration <= 0 || !mine.length) continue;
      widgetLongFrames += 1;
      widgetBlocking += frame.blockingDuration;
      for (const script of mine) {
        const file = script.sourceURL.replace(/.*\//, '').replace(/-[\w-]{6}\.js$/, '');
        widgetScripts[file] = (widgetScripts[file] ?? 0) + script.duration;
      }
    }
  }).observe({ type: 'long-animation-frame', buffered: true });

  const shadow = () => document.getElementById('samtykke-root')?.shadowRoot ?? null;
  const deepActive = (): Element | null => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };

  const probe: Probe = {
    read() {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      const script = performance.getEntriesByType('resource').find((e) => /\/samtykke\.js$|\/s\/pk_[\w-]+\.js(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined;
      return { fcp, noticeAt: probe.noticeAt, checkboxAt: probe.checkboxAt, scriptStart: script?.responseEnd, tbt, cls, widgetLongFrames, widgetBlocking, widgetScripts };
    },
    timeChat() {
      const button = shadow()?.querySelector<HTMLElement>('[data-samtykke-launcher]');
      if (!button) return Promise.resolve(undefined);
      const start = performance.now();
      button.click();
      return new Promise((resolve) => {
        const check = () => {
          const active = deepActive();
          if (active && /^(TEXTAREA|INPUT)$/.test(active.tagName)) resolve(performance.now() - start);
          else if (performance.now() - start > 5000) resolve(undefined);
          else requestAnimationFrame(check);
        };
        check();
      });
    },
  };
  window.__bench = probe;

  // Visible means laid out with a size, seen at a frame: what a person could see.
  const look = () => {
    const notice = shadow()?.querySelector('.sk-notice');
    if (probe.noticeAt === undefined && notice && notice.getBoundingClientRect().height > 0) probe.noticeAt = performance.now();
    if (probe.checkboxAt === undefined && document.querySelector('[data-samtykke-checkbox]')) probe.checkboxAt = performance.now();
    if (probe.noticeAt === undefined || probe.checkboxAt === undefined) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}
