import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { openApiDocument } from '../services/openapi/index.ts';

/** `GET /v1/openapi.json`: public, like the API it describes; built once per process. */
export function openApiRoutes({ config }: AppDeps) {
  let document: ReturnType<typeof openApiDocument> | undefined;
  return new Hono().get('/openapi.json', (c) => {
    document ??= openApiDocument(config.publicUrl);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(document);
  });
}
