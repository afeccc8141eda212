import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './index.ts';

describe('password hasher', () => {
  const hasher = createPasswordHasher({ N: 2 ** 10 });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('korrekt hest batteri stift');
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await hasher.verify('korrekt hest batteri stift', stored)).toBe(true);
    expect(await hasher.verify('korrekt hest batteri stifT', stored)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('returns false for a malformed stored hash', async () => {
    expect(await hasher.verify('x', 'bcrypt$whatever')).toBe(false);
  });

  it('uses the OWASP parameters by default, which need a raised maxmem', async () => {
    const stored = await createPasswordHasher().hash('pw');
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
  });
});
