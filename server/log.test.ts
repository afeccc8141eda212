import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from './log.ts';

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
});
