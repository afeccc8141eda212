import { describe, expect, it } from 'vitest';
import { blockedAddressReason, checkTarget } from './index.ts';

describe('checkTarget', () => {
  // Each form an attacker used or could use for the server's own machine, its cloud metadata or its network.
  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://127.8.9.10/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://0x7f000001/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://127.1/hook', 'loopback'],
    ['https://0177.0.0.1/hook', 'loopback'],
    ['https://0x7f.0.0.1/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/hook', '(127.0.0.1) in IPv4-mapped form'],
    ['https://[::ffff:7f00:1]/hook', 'IPv4-mapped'],
    ['https://[::127.0.0.1]/hook', 'IPv4-compatible'],
    ['https://[64:ff9b::a9fe:a9fe]/hook', 'link-local address (169.254.169.254) in NAT64'],
    ['https://[2002:7f00:1::]/hook', '6to4'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://10.0.0.5/hook', 'private'],
    ['https://172.16.0.1/hook', 'private'],
    ['https://172.31.255.255/hook', 'private'],
    ['https://192.168.1.1/hook', 'private'],
    ['https://[fc00::1]/hook', 'unique local'],
    ['https://[fd12:3456::1]/hook', 'unique local'],
    ['https://100.64.0.1/hook', 'CGNAT'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://0/hook', 'unspecified'],
    ['https://[::]/hook', 'unspecified'],
    ['https://224.0.0.1/hook', 'multicast'],
    ['https://[ff02::1]/hook', 'multicast'],
    ['https://255.255.255.255/hook', 'broadcast'],
    ['https://240.0.0.1/hook', 'reserved'],
    ['https://192.0.2.10/hook', 'documentation'],
    ['https://198.51.100.7/hook', 'documentation'],
    ['https://203.0.113.1/hook', 'documentation'],
    ['https://[2001:db8::1]/hook', 'documentation'],
    ['https://198.18.0.1/hook', 'benchmarking'],
    ['https://localhost/hook', 'local name'],
    ['https://LOCALHOST./hook', 'local name'],
    ['https://api.localhost/hook', 'local name'],
    ['https://printer.local/hook', 'local name'],
    ['https://metadata.google.internal/hook', 'local name'],
    ['https://intranet/hook', 'local name'],
    ['https://samtykke-db/hook', 'no domain'],
  ])('refuses %s as not public (%s)', (url, words) => {
    const check = checkTarget(url);
    expect(check).toMatchObject({ ok: false, code: 'target_not_public' });
    expect(!check.ok && check.message).toContain(words);
  });

  it.each([
    ['https://hooks.example.no/samtykke'],
    ['https://93.184.215.14/hook'],
    ['https://[2606:4700::6810:84e5]/hook'],
    ['https://[::ffff:93.184.215.14]/hook'],
    ['https://172.32.0.1/hook'],
    ['https://100.128.0.1/hook'],
  ])('accepts the public target %s', (url) => {
    expect(checkTarget(url)).toMatchObject({ ok: true });
  });

  it('takes https only, unless http is allowed', () => {
    expect(checkTarget('http://hooks.example.no/')).toMatchObject({ ok: false, code: 'scheme_not_allowed' });
    expect(checkTarget('http://hooks.example.no/', { allowHttp: true })).toMatchObject({ ok: true });
    expect(checkTarget('ftp://hooks.example.no/', { allowHttp: true })).toMatchObject({ ok: false, code: 'scheme_not_allowed' });
    expect(checkTarget('not a url')).toMatchObject({ ok: false, code: 'invalid_url' });
  });

  it('keeps to the allowed origins when given', () => {
    expect(checkTarget('https://shop.example.no/personvern', { allowedOrigins: ['https://shop.example.no'] })).toMatchObject({ ok: true });
    expect(checkTarget('https://evil.example/personvern', { allowedOrigins: ['https://shop.example.no'] })).toMatchObject({ ok: false, code: 'origin_not_allowed' });
  });

  it('lets a test guard through to loopback only when asked', () => {
    expect(checkTarget('http://127.0.0.1:9/x', { allowHttp: true, allowPrivateNetworks: true })).toMatchObject({ ok: true, address: '127.0.0.1' });
  });
});

describe('blockedAddressReason', () => {
  it('judges resolved addresses, including zones and odd IPv6 spellings', () => {
    expect(blockedAddressReason('fe80::1%eth0')).toContain('link-local');
    expect(blockedAddressReason('0:0:0:0:0:ffff:a00:1')).toContain('private');
    expect(blockedAddressReason('::ffff:10.1.2.3')).toContain('private');
    expect(blockedAddressReason('64:ff9b:1::1')).toContain('NAT64');
    expect(blockedAddressReason('2001::1')).toContain('Teredo');
    expect(blockedAddressReason('8.8.8.8')).toBeUndefined();
    expect(blockedAddressReason('2a00:1450:4010:c0e::64')).toBeUndefined();
  });

  it('refuses what it cannot parse', () => {
    for (const bad of ['127.1', '0x7f000001', '1:2:3', '1::2::3', '::ffff:300.1.1.1', 'example.no', '']) {
      expect(blockedAddressReason(bad), bad).toBe('not an IP address');
    }
  });
});
