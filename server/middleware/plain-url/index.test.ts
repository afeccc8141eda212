import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../../errors.ts';
import { silentLogger } from '../../log.ts';
import { plainUrl } from './index.ts';

const app = new Hono();
app.use('*', plainUrl());
app.get('/things/:id', (c) => c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null }));
app.onError(createErrorHandler(silentLogger));

describe('plainUrl', () => {
  it.each(['/things/a%00b', '/things/a%1Fb', '/things/a%7fb', '/things/x?q=a%00b', '/things/x?q=%0A'])('refuses %s with a JSON 400', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad_request', message: 'The URL must not contain control characters.' });
  });

  it.each([
    ['/things/%C3%A6%20x', 'æ x', null],
    ['/things/x?q=%25001', 'x', '%001'],
    ['/things/%ED%A0%80', '%ED%A0%80', null],
  ])('lets %s through', async (path, id, q) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, q });
  });
});
