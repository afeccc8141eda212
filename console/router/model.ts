/** @module The page shown, from the URL hash (`#/consents`, `#/proof/<id>`), so back and forward work. */
import { computed, signal } from '@preact/signals';

export type Page = 'consents' | 'history' | 'proof' | 'requests' | 'inbox' | 'numbers' | 'settings' | 'webhooks' | 'account';
const PAGES: Page[] = ['consents', 'history', 'proof', 'requests', 'inbox', 'numbers', 'settings', 'webhooks', 'account'];

const hash = signal(location.hash);
window.addEventListener('hashchange', () => (hash.value = location.hash));

export const route = computed(() => {
  const [, page, ...rest] = hash.value.replace(/^#/, '').split('/');
  const known = PAGES.includes(page as Page) ? (page as Page) : 'consents';
  return { page: known, param: rest.length ? decodeURIComponent(rest.join('/')) : undefined };
});

export function go(page: Page, param?: string): void {
  location.hash = `/${page}${param ? `/${encodeURIComponent(param)}` : ''}`;
}

export const href = (page: Page, param?: string) => `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}`;
