import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from './log.ts';
import { requestScope } from './request-context.ts';

describe('createConsoleLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes the info lines of one tick together, before a warning that follows them', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => written.push(`out ${String(text)}`) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => written.push(`err ${String(text)}`) > 0);
    const log = createConsoleLogger();
    log.info('one', { n: 1 });
    log.info('two');
    expect(written).toEqual([]);
    log.warn('three');
    log.info('four');
    await new Promise((resolve) => setImmediate(resolve));
    const lines = written.map((w) => w.split('\n').filter(Boolean).map((l) => `${w.slice(0, 3)} ${JSON.parse(l.replace(/^(out|err) /, '')).message}`));
    expect(lines).toEqual([['out one', 'out two'], ['err three'], ['out four']]);
    expect(JSON.parse(written[0]!.slice(4).split('\n')[0]!)).toMatchObject({ level: 'info', message: 'one', n: 1 });
  });

  it('adds the request id to every line written under a request, and none outside one', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => written.push(String(text)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => written.push(String(text)) > 0);
    const log = createConsoleLogger();
    await requestScope('req-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info('under the request');
      log.error('failed under it');
    });
    log.info('between requests');
    await new Promise((resolve) => setImmediate(resolve));
    const lines = written.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { message: string; requestId?: string });
    expect(lines.map((l) => [l.message, l.requestId])).toEqual([
      ['under the request', 'req-1'],
      ['failed under it', 'req-1'],
      ['between requests', undefined],
    ]);
  });

  it('drops lines below LOG_LEVEL', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => written.push(String(text)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => written.push(String(text)) > 0);
    const log = createConsoleLogger({ level: 'warn' });
    log.debug?.('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.join('').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['w', 'e']);
    const debug: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => debug.push(String(text)) > 0);
    createConsoleLogger({ level: 'debug' }).debug?.('d');
    await new Promise((resolve) => setImmediate(resolve));
    expect(debug.join('')).toContain('"level":"debug"');
  });
});
