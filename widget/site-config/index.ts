/** @module The site's server-side settings as the widget sees them. */
export { loadSiteConfig } from './load.ts';
