import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../setup/server.ts';
import { startSmtpServer, type TestSmtpServer } from '../setup/smtp.ts';

// The whole server over real sockets, as the browser test uses it: demo policies loaded at start,
// mail through a real SMTP server, staff replies on a live event stream.
describe('the running server’s privacy chat', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('answers from the demo policy loaded at start', async () => {
    const res = await post('/v1/sites/pk_demo_nettfokus/answers', { lang: 'nb', question: 'sender dere data til usa' });
    expect((await res.json()).answers[0].url).toBe(`${server.url}/personvern.html#overføring-til-usa`);
  });

  it('verifies an erasure request with the code read from the SMTP server and tells the demo DPO', async () => {
    const created = await (await post('/v1/requests', { site: 'pk_demo_nettfokus', lang: 'nb', request: { kind: 'erasure', name: 'Test Testesen', email: 'test@example.no' } })).json();
    const mail = await smtp.waitFor((m) => m.to.includes('test@example.no'));
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    const verified = await (await post(`/v1/requests/${created.id}/verify`, { code }, created.token)).json();
    expect(verified.reference).toMatch(/^NF-\d{4}-000001$/);
    await smtp.waitFor((m) => m.to.includes('personvern@nettfokus.example') && m.text.includes(verified.reference));
  });

  it('streams a staff reply to the visitor over a real connection', async () => {
    const { id, token } = await (await post('/v1/conversations', { site: 'pk_demo_nettfokus', lang: 'en' })).json();
    const abort = new AbortController();
    const stream = await fetch(`${server.url}/v1/conversations/${id}/events?token=${token}`, { headers: { Origin: server.url }, signal: abort.signal });
    expect(stream.headers.get('access-control-allow-origin')).toBe(server.url);
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes('event: ready')) text += new TextDecoder().decode((await reader.read()).value);
    const reply = await fetch(`${server.url}/admin/v1/conversations/${id}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ text: 'Hello from staff' }),
    });
    expect((await reply.json()).delivery).toBe('live');
    while (!text.includes('Hello from staff')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
  });
});
