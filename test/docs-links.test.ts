/**
 * Every relative link in README.md and docs/ leads somewhere: the file exists, and a `#anchor`
 * names a heading of the Markdown file it points at (GitHub's heading ids). Links to other sites
 * are not fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', ...docs.sort()];
}

/** The text without fenced code blocks and inline code, where brackets are code, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's id for a heading: lower case, markup and punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
}

/** Relative links of a file that lead nowhere, as `file: target (why)`. */
function brokenLinks(file: string): string[] {
  const markdown = fs.readFileSync(path.join(root, file), 'utf8');
  const broken: string[] = [];
  for (const match of prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [pathPart, anchor] = target.split('#') as [string, string | undefined];
    const resolved = pathPart ? path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(pathPart)) : path.join(root, file);
    if (!resolved.startsWith(root + path.sep) || !fs.existsSync(resolved)) {
      broken.push(`${file}: ${target} (no such file)`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !headingIds(fs.readFileSync(resolved, 'utf8')).has(anchor)) {
      broken.push(`${file}: ${target} (no heading #${anchor})`);
    }
  }
  return broken;
}

describe('the documentation', () => {
  it('has no relative link in README.md or docs/ that leads nowhere', () => {
    const files = markdownFiles();
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });

  it('links every file in docs/ from its index, and the index from the README', () => {
    const index = fs.readFileSync(path.join(root, 'docs/README.md'), 'utf8');
    const unlisted = markdownFiles().filter((f) => f.startsWith('docs/') && f !== 'docs/README.md' && !index.includes(`](${path.relative('docs', f)}`));
    expect(unlisted).toEqual([]);
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('](docs/README.md)');
  });

  it('keeps the README short: what it is, the two commands, the tag, links', () => {
    const lines = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');
    expect(lines.length).toBeLessThanOrEqual(120);
  });

  it('gives headings the ids GitHub gives them', () => {
    expect([...headingIds('# `window.Samtykke`\n## One instance or several\n## Health checks\n## Health checks\n```\n# not a heading\n```')]).toEqual([
      'windowsamtykke',
      'one-instance-or-several',
      'health-checks',
      'health-checks-1',
    ]);
  });
});
