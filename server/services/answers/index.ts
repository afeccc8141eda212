/** @module Answers from a site's own privacy policy: Markdown split at headings, searched with minisearch tuned for nb and en. */
export { createPolicyIndex, type AskOptions, type PolicyIndex, type PolicyIndexOptions } from './policy-index.ts';
export { splitPolicy, slugify, inlineToText, type PolicySection } from './sections.ts';
export { createPolicyLibrary, type PolicyLibrary, type PolicyText } from './library.ts';
export { answerFromCookieDeclaration, COOKIE_DECLARATION_ID } from './cookie-answer.ts';
export { answerQuestion, type AskInput, type Reply } from './reply.ts';
export { toMarkdown, detectFormat, isPlainHeading, type PolicyFormat } from './ingest.ts';
export { intentClassifier, createIntentClassifier } from './intents/classifier.ts';
export { POLICY_INTENTS, TOPIC, type PolicyIntent, type Intent } from './intents/taxonomy.ts';
export type { PolicyMap } from './policy-map.ts';
