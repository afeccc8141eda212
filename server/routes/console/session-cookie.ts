import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../middleware/console-auth/index.ts';

const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Cookies travel only over TLS, except on localhost. */
export const secureCookies = (publicUrl: string): boolean => !LOCAL.has(new URL(publicUrl).hostname);

export function setSessionCookie(c: Context, token: string, secure: boolean, absoluteMs: number): void {
  // HttpOnly: scripts never see it; Strict: no other site can make the browser send it; Path: only the console gets it.
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/console', maxAge: Math.floor(absoluteMs / 1000) });
}
