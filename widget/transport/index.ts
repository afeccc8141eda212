/** @module The one way the widget talks to the server. */
export { postEvents, type PostResult } from './client.ts';
