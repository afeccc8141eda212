/** @module Site owners' Markdown, the one way it becomes HTML (escaped raw HTML, http(s)/mailto/relative links only) or chat text. */
export { renderMarkdown, type RenderMarkdownOptions } from './render.ts';
export { inlineToText } from './text.ts';
