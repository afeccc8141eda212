/**
 * Truncates a client address before it is stored: IPv4 to its /24, IPv6 to its /48. The whole
 * address is personal data and is never kept (invariant 4). Returns undefined for anything that
 * does not parse, so a strange socket value is dropped rather than stored.
 */
export function truncateIp(address: string | undefined): string | undefined {
  if (!address) return undefined;
  let ip = address.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  // IPv4-mapped IPv6 (`::ffff:203.0.113.7`) is how Node reports IPv4 on a dual-stack socket.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  if (ip.includes('.')) return truncateV4(ip);
  if (ip.includes(':')) return truncateV6(ip);
  return undefined;
}

function truncateV4(ip: string): string | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return `${Number(parts[0])}.${Number(parts[1])}.${Number(parts[2])}.0`;
}

function truncateV6(ip: string): string | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const prefix = groups.slice(0, 3).map((g) => parseInt(g, 16).toString(16));
  return `${prefix.join(':')}::`;
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
