/** @module The OpenAPI 3.1 document of the /v1 API and the webhooks, built from protocol/'s zod schemas. */
export { openApiDocument, OPERATIONS } from './document.ts';
export { OPENAPI_EXAMPLES } from './examples.ts';
