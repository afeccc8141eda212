/** @module Shared look and feel without Preact, so first-load code can use it for free. */
export { adoptStyles } from './styles.ts';
export { element } from './dom.ts';
