/** @module The site's server-side settings as the widget sees them. */
export { cachedSiteConfig, loadFirstLayer, loadSiteConfig } from './load.ts';
