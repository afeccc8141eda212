/** @module Shared look and feel: stylesheets and copy. */
export { adoptStyles } from './styles.ts';
export { mount } from './mount.ts';
