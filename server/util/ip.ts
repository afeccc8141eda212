/**
 * Truncates a client address before it is stored: IPv4 to its /24, IPv6 to its /48. The whole
 * address is personal data and is never kept (invariant 4). Returns undefined for anything that
 * does not parse, so a strange socket value is dropped rather than stored.
 */
export function truncateIp(address: string | undefined): string | undefined {
  const ip = unwrap(address);
  if (!ip) return undefined;
  if (ip.includes('.')) return truncateV4(ip);
  if (ip.includes(':')) return truncateV6(ip);
  return undefined;
}

/** Without brackets, zone and the IPv4-mapped prefix. */
function unwrap(address: string | undefined): string | undefined {
  if (!address) return undefined;
  let ip = address.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  // IPv4-mapped IPv6 (`::ffff:203.0.113.7`) is how Node reports IPv4 on a dual-stack socket.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip || undefined;
}

function truncateV4(ip: string): string | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return `${Number(parts[0])}.${Number(parts[1])}.${Number(parts[2])}.0`;
}

function truncateV6(ip: string): string | undefined {
  const groups = expandV6(ip);
  return groups && `${groups.slice(0, 3).join(':')}::`;
}

/** The eight groups of an IPv6 address, lower-case without leading zeros. */
function expandV6(ip: string): string[] | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return groups.map((g) => parseInt(g, 16).toString(16));
}

/**
 * The client address as our own reverse proxy saw it: the last `X-Forwarded-For` entry is the
 * one the proxy appended; earlier entries are whatever the client chose to send.
 */
export function lastForwardedFor(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const last = header.split(',').pop()?.trim();
  return last || undefined;
}

/**
 * The group a client address is counted in by limits: an IPv4 address on its own (/32), an IPv6
 * address by its /64, the smallest block one subscriber usually gets, so rotating through one's
 * own /64 does not escape a limit. Undefined for anything that does not parse.
 */
export function addressGroup(address: string | undefined): string | undefined {
  const ip = unwrap(address);
  if (!ip) return undefined;
  if (ip.includes('.')) return truncateV4(ip) && ip.split('.').map(Number).join('.');
  if (ip.includes(':')) return expandV6(ip)?.slice(0, 4).join(':').concat('::/64');
  return undefined;
}
