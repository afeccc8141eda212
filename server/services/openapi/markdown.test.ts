import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_DOCS_PATH, renderApiDocs } from '../../../test/docs/api-docs.ts';
import { OPERATIONS } from './document.ts';
import { WebhookEventType } from '../../../protocol/index.ts';

describe('docs/api.md', () => {
  it('is the OpenAPI document as served today (run `npm run docs:api` after changing a route or a protocol schema)', () => {
    expect(fs.readFileSync(API_DOCS_PATH, 'utf8')).toBe(renderApiDocs());
  });

  it('has a section for every route and every webhook event', () => {
    const page = renderApiDocs();
    for (const op of OPERATIONS) expect(page).toContain(`### ${op.method.toUpperCase()} ${op.path.replace(/:(\w+)/g, '{$1}')}`);
    for (const type of WebhookEventType.options) expect(page).toContain(`### \`${type}\``);
  });
});
