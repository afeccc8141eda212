/** Every console API route, for the tests that hold auth, CSRF, roles and sites over all of them. */
export interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Only an owner may call it (of the site it names, or of some site for a list). */
  owner?: boolean;
  /** Only the server's administrator may call it. */
  admin?: boolean;
  /**
   * A list of the caller's own sites: staff of another site get an answer, without anything of
   * this site in it (the access-control matrix checks the body).
   */
  list?: boolean;
  body?: unknown;
}

export const CONSOLE_ROUTES: RouteCase[] = [
  { method: 'GET', path: '/console/api/me', list: true },
  { method: 'POST', path: '/console/api/logout', list: true },
  { method: 'GET', path: '/console/api/consents', list: true },
  { method: 'GET', path: '/console/api/consents/history?email=kari@example.no', list: true },
  { method: 'GET', path: '/console/api/consents/export?from=2024-01-01&to=2024-12-31', owner: true, list: true },
  { method: 'GET', path: '/console/api/consents/nope/proof' },
  { method: 'POST', path: '/console/api/subjects/1/flags', body: { flag: 'restricted', on: true, reason: 'test' } },
  // Direct erasure, without a request, is an owner's action; an agent erases only through a verified erasure request (requests/:id/erase, which refuses other kinds with a 409).
  { method: 'POST', path: '/console/api/subjects/1/erase', owner: true, body: { reason: 'test' } },
  { method: 'POST', path: '/console/api/subjects/1/rectify', body: { email: 'ny@example.no', reason: 'test' } },
  { method: 'GET', path: '/console/api/subjects/1/audit' },
  { method: 'GET', path: '/console/api/sites', list: true },
  { method: 'GET', path: '/console/api/sites/pk_test_site01/chain' },
  { method: 'POST', path: '/console/api/sites/pk_test_site01/chain/check', body: { digest: '{}' } },
  { method: 'GET', path: '/console/api/sites/pk_test_site01', owner: true },
  { method: 'PUT', path: '/console/api/sites/pk_test_site01', owner: true, body: {} },
  { method: 'POST', path: '/console/api/sites', owner: true, admin: true, body: {} },
  { method: 'POST', path: '/console/api/sites/pk_test_site01/rotate-secret', owner: true },
  // What a material policy change would mail, to whom (a count): nothing is sent.
  { method: 'POST', path: '/console/api/sites/pk_test_site01/policy-change/preview', owner: true, body: { policy: { url: 'https://www.example.no/personvern', version: '2024-05-01', changeSummary: { nb: 'Ny leverandør.', en: 'New supplier.' } } } },
  { method: 'PUT', path: '/console/api/sites/pk_test_site01/console-settings', owner: true, body: { digestEmail: null, digestWebhook: null } },
  { method: 'GET', path: '/console/api/sites/pk_test_site01/marketing-list', owner: true },
  { method: 'GET', path: '/console/api/sites/pk_test_site01/policies' },
  { method: 'PUT', path: '/console/api/sites/pk_test_site01/policies/nb', owner: true, body: { markdown: '# Personvern\n\n## Lagring\n\nVi lagrer lite.' } },
  { method: 'POST', path: '/console/api/sites/pk_test_site01/policies/nb/import', owner: true, body: { url: 'https://elsewhere.example/personvern' } },
  { method: 'GET', path: '/console/api/sites/pk_test_site01/policies/nb/map' },
  { method: 'PUT', path: '/console/api/sites/pk_test_site01/policies/nb/map/retention', owner: true, body: { answer: 'Vi lagrer lite, og kort.' } },
  { method: 'DELETE', path: '/console/api/sites/pk_test_site01/policies/nb/map/retention', owner: true },
  { method: 'GET', path: '/console/api/sites/pk_test_site01/webhooks', owner: true },
  { method: 'POST', path: '/console/api/sites/pk_test_site01/webhooks', owner: true, body: { url: 'https://crm.example.com/hooks', events: ['consent.granted'] } },
  { method: 'DELETE', path: '/console/api/sites/pk_test_site01/webhooks/we_x', owner: true },
  { method: 'GET', path: '/console/api/sites/pk_test_site01/webhooks/we_x/deliveries', owner: true },
  { method: 'POST', path: '/console/api/sites/pk_test_site01/webhooks/we_x/deliveries/1/resend', owner: true },
  { method: 'GET', path: '/console/api/accounts', owner: true, list: true },
  { method: 'POST', path: '/console/api/accounts', owner: true, body: { email: 'ny-ansatt@example.no', sites: [{ site: 'pk_test_site01', role: 'agent' }] } },
  { method: 'PUT', path: '/console/api/accounts/1/sites/pk_test_site01', owner: true, body: { role: 'agent' } },
  { method: 'POST', path: '/console/api/accounts/1/disabled', owner: true, body: { disabled: false } },
  { method: 'POST', path: '/console/api/accounts/1/unlock', owner: true },
  { method: 'GET', path: '/console/api/accounts/audit', owner: true, list: true },
  { method: 'POST', path: '/console/api/accounts/1/two-factor/reset', owner: true },
  { method: 'GET', path: '/console/api/sites/pk_test_site01/two-factor', owner: true },
  { method: 'PUT', path: '/console/api/sites/pk_test_site01/two-factor', owner: true, body: { required: false } },
  { method: 'GET', path: '/console/api/two-factor', list: true },
  { method: 'POST', path: '/console/api/two-factor/enrol', list: true },
  { method: 'POST', path: '/console/api/two-factor/confirm', list: true, body: { code: '123456' } },
  { method: 'POST', path: '/console/api/two-factor/disable', list: true, body: { code: '123456' } },
  { method: 'GET', path: '/console/api/stats', list: true },
  // What the retention job will delete and when: counts per site, owners of their own sites.
  { method: 'GET', path: '/console/api/retention', owner: true, list: true },
  { method: 'GET', path: '/console/api/conversations', list: true },
  { method: 'GET', path: '/console/api/conversations/c1' },
  { method: 'GET', path: '/console/api/conversations/c1/events' },
  { method: 'POST', path: '/console/api/conversations/c1/messages', body: { text: 'Hei' } },
  { method: 'POST', path: '/console/api/conversations/c1/read', body: { seq: 1 } },
  { method: 'POST', path: '/console/api/conversations/c1/assign', body: { to: 'me' } },
  { method: 'POST', path: '/console/api/conversations/c1/close' },
  { method: 'GET', path: '/console/api/requests', list: true },
  { method: 'GET', path: '/console/api/requests/r1' },
  { method: 'POST', path: '/console/api/requests/r1/status', body: { to: 'in-progress' } },
  { method: 'POST', path: '/console/api/requests/r1/extend', body: { months: 1, reason: 'x' } },
  { method: 'POST', path: '/console/api/requests/r1/export' },
  { method: 'GET', path: '/console/api/requests/r1/export' },
  { method: 'POST', path: '/console/api/requests/r1/corrections', body: { corrections: [{ field: 'Adresse', old: 'a', new: 'b' }] } },
  { method: 'POST', path: '/console/api/requests/r1/erase', body: { reason: 'x' } },
  { method: 'POST', path: '/console/api/requests/r1/flags', body: { flag: 'restricted', on: true, reason: 'x' } },
  { method: 'POST', path: '/console/api/requests/r1/rectify', body: { email: 'a@example.no', reason: 'x' } },
];
