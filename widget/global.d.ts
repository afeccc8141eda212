import type { SamtykkeApi } from './api/index.ts';

declare global {
  interface Window {
    Samtykke?: SamtykkeApi;
  }
}
