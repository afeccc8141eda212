/** @module Console sessions, roles and CSRF: every `/console/api/*` route but login goes through these. */
export { consoleSession, SESSION_COOKIE, type ConsoleEnv, type ConsoleSession, type SessionPolicy } from './session.ts';
export { csrfGuard, sameOrigin } from './csrf.ts';
export { accessFrom, accessOf, forbiddenRole, requireRole, requireSite, unknownSite, type Access } from './access.ts';
