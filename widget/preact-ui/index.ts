/** @module Rendering Preact views bound to signals; only chunks that can afford Preact import this. */
export { mount } from './mount.ts';
