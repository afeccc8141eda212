/**
 * Deletes first-party cookies by name, on every domain and path they could have been set for
 * from this page: a cookie set for `.example.no` is not removed by deleting it for `www.example.no`.
 * A name ending in `*` deletes every cookie with that prefix (`_ga_*`).
 */
export function deleteCookies(names: string[]): string[] {
  if (!names.length) return [];
  const present = document.cookie.split(';').map((c) => c.split('=')[0]!.trim()).filter(Boolean);
  const doomed = present.filter((name) => names.some((n) => (n.endsWith('*') ? name.startsWith(n.slice(0, -1)) : name === n)));
  const parts = location.hostname.split('.');
  const domains = [''];
  for (let i = 0; i < parts.length - 1; i++) domains.push(`;domain=.${parts.slice(i).join('.')}`);
  const segments = location.pathname.split('/').slice(1);
  const paths = ['/', ...segments.map((_, i) => '/' + segments.slice(0, i + 1).join('/'))];
  for (const name of doomed) {
    for (const domain of domains) {
      for (const path of paths) document.cookie = `${name}=;expires=Thu, 01 Jan 1970 00:00:00 GMT;path=${path}${domain}`;
    }
  }
  return doomed;
}
