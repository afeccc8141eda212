/** @module The console's two languages: Bokmål by default, English second; the choice is remembered. */
import { computed, effect, signal } from '@preact/signals';
import { en } from './en.ts';
import { nb, type Strings } from './nb.ts';

export type ConsoleLang = 'nb' | 'en';

function initial(): ConsoleLang {
  try {
    const saved = localStorage.getItem('samtykke-console-lang');
    if (saved === 'nb' || saved === 'en') return saved;
  } catch {
    /* storage may be off; Bokmål it is */
  }
  return 'nb';
}

export const lang = signal<ConsoleLang>(initial());
export const t = computed<Strings>(() => (lang.value === 'en' ? en : nb));

export function setLang(next: ConsoleLang): void {
  lang.value = next;
  try {
    localStorage.setItem('samtykke-console-lang', next);
  } catch {
    /* not remembered, still switched */
  }
}

/** Unread chat messages for the signed-in staff member (console/inbox/unread.ts): shown first in the tab's title. */
export const titleCount = signal(0);

effect(() => {
  document.documentElement.lang = lang.value;
  document.title = titleCount.value > 0 ? `(${titleCount.value}) ${t.value.appName}` : t.value.appName;
});

/** Dates as the reader's language writes them, in Oslo time (where the controller works). */
export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(lang.value === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(new Date(iso));
}
