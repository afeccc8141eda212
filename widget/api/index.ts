/** @module window.Samtykke: the public face of the widget on the host page. */
export { createApi, extendApi } from './create-api.ts';
export type { SamtykkeApi, Receipt } from './create-api.ts';
