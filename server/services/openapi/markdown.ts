/** The OpenAPI document as Markdown for `docs/api.md`: written by `npm run docs:api`, kept current by markdown.test.ts. */
import type { openApiDocument } from './document.ts';

type Doc = ReturnType<typeof openApiDocument>;
type Operation = {
  summary: string;
  parameters?: { name: string }[];
  security: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const AUTH: Record<string, string> = { secretKey: "the site's secret key", visitorToken: 'the visitor token' };
const block = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
const details = (summary: string, value: unknown) => ['<details>', `<summary>${summary}</summary>`, '', block(value), '', '</details>'].join('\n');
/** The id GitHub gives the heading `METHOD /path` (punctuation dropped, spaces to hyphens). */
const anchor = (method: string, path: string) => `${method} ${path}`.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

function auth(op: Operation): string {
  if (op.security.length === 0) return 'none';
  const names = op.security.flatMap((s) => Object.keys(s)).map((k) => AUTH[k] ?? k);
  const optional = op.security.some((s) => Object.keys(s).length === 0);
  return `${names.join(' or ')}${optional ? ' (or none, from a browser on one of the site\'s origins)' : ''}`;
}

/** Every operation and webhook of the document, in its order: a table, then one section each with its schemas and example. */
export function openApiMarkdown(doc: Doc): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })));
  const out: string[] = [
    '# API reference',
    '',
    '<!-- Generated from GET /v1/openapi.json by `npm run docs:api`; do not edit. server/services/openapi/markdown.test.ts fails when it is not current. -->',
    '',
    `${doc.info.description} OpenAPI ${doc.openapi}, served at \`/v1/openapi.json\`; this page is the same document for reading. Schemas are JSON Schema 2020-12, generated from the zod schemas in \`protocol/\`.`,
    '',
    '## Routes',
    '',
    '| method | path | what | authorisation |',
    '| --- | --- | --- | --- |',
    ...ops.map(({ path, method, op }) => `| ${method.toUpperCase()} | [\`${path}\`](#${anchor(method, path)}) | ${op.summary} | ${auth(op)} |`),
    '',
  ];
  for (const { path, method, op } of ops) {
    out.push(`### ${method.toUpperCase()} ${path}`, '', `${op.summary}. Authorisation: ${auth(op)}.`, '');
    const body = op.requestBody?.content['application/json'];
    if (body) {
      if (body.example !== undefined) out.push('Example request body:', '', block(body.example), '');
      out.push(details('Request body schema', body.schema), '');
    }
    for (const [status, response] of Object.entries(op.responses)) {
      const schema = response.content?.['application/json']?.schema;
      out.push(`- **${status}**: ${response.description}`);
      if (schema && status !== '4XX') out.push('', details(`${status} answer schema`, schema));
    }
    out.push('');
  }
  out.push('## Webhooks', '', 'Each is a POST to the endpoint\'s URL, signed per Standard Webhooks; answer 2XX once stored (anything else is retried for 3 days). See [webhooks-and-api.md](webhooks-and-api.md).', '');
  for (const [type, { post }] of Object.entries(doc.webhooks)) {
    const content = (post.requestBody.content as Record<string, { schema: unknown; example?: unknown }>)['application/json']!;
    out.push(`### \`${type}\``, '', post.summary, '', block(content.example), '', details('Payload schema', content.schema), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
