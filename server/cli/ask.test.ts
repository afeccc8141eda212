import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** Runs `npm run ask -- …` as a site owner would; never throws. */
async function ask(args: string[]) {
  try {
    const { stdout, stderr } = await run(path.join(root, 'node_modules/.bin/tsx'), ['server/cli/ask.ts', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run ask', () => {
  it('answers as the chat does: the direct answer in the visitor’s language first, then the quote', async () => {
    const { code, stdout } = await ask(['--policy', 'test/fixtures/policies/nettfokus.txt', 'is my data sent to the USA?']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Yes\. Personal data is transferred to USA, under SCC\.\n/);
    expect(stdout).toContain('The privacy policy is only in Norwegian');
    expect(stdout).toContain('1. Internasjonal Overføring');
    expect(stdout).toContain('intent transfer');
  });

  it('offers the request for a right, and no excerpt for a question about something else', async () => {
    const erase = await ask(['--policy', 'demo/policy/personvern.nb.md', 'kan dere slette meg']);
    expect(erase.stdout).toContain('velg «Be om å få opplysningene slettet»');
    const other = await ask(['--policy', 'demo/policy/personvern.nb.md', '--name', 'Testbutikken', 'hvem vinner valget?']);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('no excerpt');
    expect(other.stdout).not.toMatch(/^1\. /m);
  });

  it('refuses bad options with a message and exit code 2', async () => {
    const lang = await ask(['--policy', 'demo/policy/personvern.nb.md', '--lang', 'de', 'hei']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang must be nb or en, not "de"');
    const missing = await ask(['--policy', 'no/such/file.md', 'hei']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read no/such/file.md: ENOENT');
  });
});
