/** `npm run docs:api`: writes docs/api.md from the OpenAPI document (the one served at /v1/openapi.json). */
import fs from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../../server/services/openapi/document.ts';
import { openApiMarkdown } from '../../server/services/openapi/markdown.ts';

/** The server address the rendered page names; a placeholder like the docs' other examples. */
export const DOCS_SERVER_URL = 'https://samtykke.example.no';
export const API_DOCS_PATH = path.resolve(import.meta.dirname, '../../docs/api.md');

export const renderApiDocs = () => openApiMarkdown(openApiDocument(DOCS_SERVER_URL));

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(API_DOCS_PATH, renderApiDocs());
  console.log(`wrote ${path.relative(process.cwd(), API_DOCS_PATH)}`);
}
