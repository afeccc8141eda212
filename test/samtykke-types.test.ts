import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsc = path.resolve('node_modules/typescript/bin/tsc');
const example = path.resolve('packages/samtykke-types/example');

/** tsc's exit code and its `file(line,col): error` lines. */
async function compile(project: string) {
  try {
    await run(process.execPath, [tsc, '-p', path.join(example, project)]);
    return { code: 0, errors: [] as string[] };
  } catch (error) {
    const { code, stdout } = error as { code: number; stdout: string };
    return { code, errors: stdout.split('\n').filter((l) => l.includes('error TS')) };
  }
}

describe('@samtykke/types', () => {
  it('compiles a site\'s front end that listens to both events and calls the API', async () => {
    expect(await compile('tsconfig.json')).toEqual({ code: 0, errors: [] });
  }, 60_000);

  it('refuses an unknown category, an unknown event and a cookie field on a form consent', async () => {
    const { code, errors } = await compile('tsconfig.wrong.json');
    expect(code).not.toBe(0);
    const lines = [...new Set(errors.map((e) => Number(/wrong\.ts\((\d+),/.exec(e)?.[1])))].sort((a, b) => a - b);
    expect(lines).toEqual([2, 3, 4, 5]);
  }, 60_000);
});
