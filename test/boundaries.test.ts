/**
 * protocol/ is the single source of truth for every wire, the console's included: the browser
 * code (console and widget) reads what the server sends through its schemas and types, never
 * through the server's own modules, whose shapes may change without the wire changing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

describe('wire boundaries', () => {
  it.each(['console', 'widget'])('%s/ imports nothing from server/', (dir) => {
    const offending = sources(dir).flatMap((file) =>
      [...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/(?:import|export)[^;]*?from\s+'([^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => path.resolve(path.dirname(path.join(root, file)), spec).startsWith(path.join(root, 'server') + path.sep))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
