import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './app-deps.ts';
import type { ApiErrorBody } from '../protocol/index.ts';
import { ApiError, createErrorHandler, requestIdOf } from './errors.ts';
import { bodyLimit } from './middleware/body-limit/index.ts';
import { htmlCsp } from './middleware/html-csp/index.ts';
import { plainUrl } from './middleware/plain-url/index.ts';
import { siteCors } from './middleware/site-cors/index.ts';
import { adminRoutes } from './routes/admin.ts';
import { answerRoutes } from './routes/answers.ts';
import { chatRoutes } from './routes/chat.ts';
import { rightsRoutes } from './routes/rights.ts';
import { staffChatRoutes } from './routes/staff-chat.ts';
import { createChatDeps } from './services/chat-deps.ts';
import { demo } from './routes/demo.ts';
import { policyPages } from './routes/policy-pages.ts';
import { eventRoutes } from './routes/events.ts';
import { marketingListRoutes } from './routes/marketing-list.ts';
import { healthRoutes } from './routes/health.ts';
import { httpMetrics, metricsRoute } from './metrics/index.ts';
import { siteConfigRoutes } from './routes/site-config.ts';
import { siteScriptRoutes } from './routes/site-script.ts';
import { consoleRoutes } from './routes/console/index.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { requestExportRoutes } from './routes/request-export.ts';
import { unsubscribeRoutes } from './routes/unsubscribe.ts';
import { confirmRoutes } from './routes/confirm.ts';

export type { AppDeps } from './app-deps.ts';

/** 64 KiB: the browser's whole `keepalive` budget per page, so nothing legitimate is larger. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A whole privacy policy (MAX_POLICY_CHARS of Markdown, up to 3 bytes each in UTF-8), sent by a signed-in owner. */
const MAX_POLICY_BODY_BYTES = 384 * 1024;
const POLICY_UPLOAD = /^\/console\/api\/sites\/[^/]+\/policies\/[^/]+$/;

const common = { referrerPolicy: 'strict-origin-when-cross-origin', xFrameOptions: 'DENY' } as const;
// The widget, its chunks and the API are loaded by other sites' pages, so they must not be same-origin only.
const publicHeaders = secureHeaders({ ...common, crossOriginResourcePolicy: 'cross-origin' });
const adminHeaders = secureHeaders({ ...common, crossOriginResourcePolicy: 'same-origin' });
// The console shows visitors' words next to staff powers: no inline script or style, no framing, nothing from elsewhere.
const consoleHeaders = secureHeaders({
  ...common,
  crossOriginResourcePolicy: 'same-origin',
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    manifestSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
  },
});
// The demo's stand-ins for a third party's embed (demo/assets/video.html) are made to be framed by
// the demo's own pages once the visitor allows them: DENY broke the demo video after consent.
const demoEmbedHeaders = secureHeaders({ ...common, xFrameOptions: 'SAMEORIGIN', crossOriginResourcePolicy: 'cross-origin' });
const DEMO_EMBED = /^\/assets\/[^/]+\.html$/;
const headersFor = (path: string) =>
  path.startsWith('/console') ? consoleHeaders : path.startsWith('/admin/') ? adminHeaders : DEMO_EMBED.test(path) ? demoEmbedHeaders : publicHeaders;

/** Builds the whole HTTP app from injected deps. Runtime-free: no `node:*` here. */
export function createApp(deps: AppDeps): Hono {
  for (const name of ['store', 'clock', 'log', 'config'] as const) {
    if (!deps?.[name]) throw new Error(`createApp(deps): deps.${name} is required`);
  }
  const app = new Hono();
  // First, so every answer (errors included) carries the id and every log line under it too.
  app.use('*', requestId({ limitLength: 64 }));
  app.use('*', (c, next) => (deps.requestScope ? deps.requestScope(c.get('requestId'), next) : next()));
  app.use('*', httpMetrics());
  app.use('*', (c, next) => headersFor(c.req.path)(c, next));
  // Every HTML page carries a CSP, with no script unless its route allows exactly what it needs.
  app.use('*', htmlCsp());
  app.use('*', plainUrl());
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `The body is larger than ${maxSize} bytes.`);
      },
    });
  const limit = limitTo(MAX_BODY_BYTES);
  const policyLimit = limitTo(MAX_POLICY_BODY_BYTES);
  app.use('/v1/*', limit);
  app.use('/demo/*', limit);
  app.use('/u/*', limit);
  app.use('/console/*', (c, next) => (POLICY_UPLOAD.test(c.req.path) ? policyLimit : limit)(c, next));
  app.use('/v1/*', siteCors({ store: deps.store }));
  // The site config is the one sizeable JSON a first visit fetches (~4.6 KB, ~1.4 KB compressed).
  app.use('/v1/sites/*', compress());
  app.use('/s/*', compress());

  app.route('/health', healthRoutes({ store: deps.store, timeoutMs: deps.config.readyTimeoutMs }));
  app.route('/metrics', metricsRoute({ store: deps.store }));
  app.route('/v1/sites', siteConfigRoutes(deps));
  if (deps.loaderScript) app.route('/s', siteScriptRoutes(deps, deps.loaderScript));
  const chat = createChatDeps(deps, deps.chat);
  app.route('/v1/events', eventRoutes(deps, chat.mailer));
  app.route('/v1/sites', answerRoutes(deps, chat));
  app.route('/v1/sites', marketingListRoutes(deps));
  app.route('/v1/conversations', chatRoutes(deps, chat));
  app.route('/v1/requests', rightsRoutes(deps, chat));
  app.route('/admin/v1', adminRoutes(deps));
  app.route('/admin/v1', staffChatRoutes(deps, chat));
  app.route('/v1/requests', requestExportRoutes(deps));
  app.route('/v1', openApiRoutes(deps));
  if (deps.config.demo !== false) app.route('/demo', demo);
  app.route('/u', unsubscribeRoutes(deps));
  app.route('/c', confirmRoutes(deps));
  app.route('/', policyPages({ store: deps.store, demo: deps.config.demo !== false }));
  if (deps.console) app.route('/console', consoleRoutes(deps, deps.console, chat));
  if (deps.assets) app.route('/', deps.assets);

  app.notFound((c) => c.json({ error: 'not_found', message: 'Nothing here.', ...requestIdOf(c) } satisfies ApiErrorBody, 404));
  app.onError(createErrorHandler(deps.log));
  return app;
}
