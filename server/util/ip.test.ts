import { describe, expect, it } from 'vitest';
import { addressGroup, lastForwardedFor, truncateIp } from './ip.ts';

describe('truncateIp', () => {
  it('keeps only the /24 of an IPv4 address', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0');
  });
  it('treats an IPv4-mapped IPv6 address as IPv4', () => {
    expect(truncateIp('::ffff:198.51.100.9')).toBe('198.51.100.0');
  });
  it('keeps only the /48 of an IPv6 address, compressed or not', () => {
    expect(truncateIp('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd::');
    expect(truncateIp('2001:0db8::1')).toBe('2001:db8:0::');
    expect(truncateIp('::1')).toBe('0:0:0::');
  });
  it('drops what does not parse instead of storing it', () => {
    for (const bad of ['', 'localhost', '300.1.1.1', '1.2.3', 'g::1', '1::2::3', '1:2:3:4:5:6:7:8:9']) {
      expect(truncateIp(bad)).toBeUndefined();
    }
  });
});

describe('lastForwardedFor', () => {
  it('takes the entry our proxy appended, not the one the client sent', () => {
    expect(lastForwardedFor('6.6.6.6, 203.0.113.5')).toBe('203.0.113.5');
  });
});

describe('addressGroup', () => {
  it('counts an IPv4 address on its own, mapped or not', () => {
    expect(addressGroup('203.0.113.77')).toBe('203.0.113.77');
    expect(addressGroup('::ffff:203.0.113.077')).toBe('203.0.113.77');
    expect(addressGroup('203.0.113.78')).not.toBe(addressGroup('203.0.113.77'));
  });
  it('counts every address of one IPv6 /64 as one, however written', () => {
    const group = addressGroup('2001:db8:abcd:12:1:2:3:4');
    expect(group).toBe('2001:db8:abcd:12::/64');
    for (const same of ['2001:db8:abcd:12::9', '[2001:0DB8:abcd:0012:ffff::1]', '2001:db8:abcd:12:1:2:3:4%eth0']) expect(addressGroup(same)).toBe(group);
    expect(addressGroup('2001:db8:abcd:13::1')).not.toBe(group);
  });
  it('gives nothing for what does not parse', () => {
    for (const bad of [undefined, '', 'unknown', '300.1.1.1', '1::2::3']) expect(addressGroup(bad)).toBeUndefined();
  });
});
