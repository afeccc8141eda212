import { describe, expect, it } from 'vitest';
import { lastForwardedFor, truncateIp } from './ip.ts';

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
