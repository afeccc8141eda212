/** @module The console: its JSON API under `/console/api` and the built app at `/console`. */
import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { consoleSession, csrfGuard, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { accountRoutes } from './accounts.ts';
import { authRoutes } from './auth.ts';
import { consentRoutes } from './consents.ts';
import { conversationRoutes } from './conversations.ts';
import type { ConsoleDeps } from './deps.ts';
import { policyRoutes } from './policies.ts';
import { requestRoutes } from './requests.ts';
import { retentionRoutes } from './retention.ts';
import { siteRoutes } from './sites.ts';
import { statsRoutes } from './stats.ts';
import { subjectRoutes } from './subjects.ts';
import { webhookRoutes } from './webhooks.ts';
import { siteTwoFactorRoutes, twoFactorResetRoutes, twoFactorRoutes } from './two-factor.ts';

export type { ConsoleDeps } from './deps.ts';

export function consoleRoutes(deps: AppDeps, consoleDeps: ConsoleDeps, chat: ChatDeps): Hono {
  const { store, clock, config } = deps;
  // Everything below login needs a live session, and every write also the session's CSRF token.
  const signedIn = new Hono<ConsoleEnv>()
    .use('*', consoleSession({ store, clock, ...consoleDeps.session }), csrfGuard({ publicUrl: config.publicUrl, requireToken: true }))
    .route('/consents', consentRoutes(deps, { timeZone: chat.timeZone, digestKey: consoleDeps.digestKey }))
    .route('/subjects', subjectRoutes(deps, consoleDeps))
    .route('/sites', siteRoutes(deps, consoleDeps, chat))
    .route('/sites', policyRoutes(deps, chat))
    .route('/sites', webhookRoutes(deps))
    .route('/accounts', accountRoutes(deps, consoleDeps))
    .route('/accounts', twoFactorResetRoutes(deps))
    .route('/sites', siteTwoFactorRoutes(deps))
    .route('/two-factor', twoFactorRoutes(deps))
    .route('/stats', statsRoutes(deps))
    .route('/conversations', conversationRoutes(deps, chat))
    .route('/requests', requestRoutes(deps, chat, consoleDeps))
    .route('/retention', retentionRoutes(deps, chat));
  const api = new Hono<ConsoleEnv>().route('/', authRoutes(deps, consoleDeps)).route('/', signedIn);

  const app = new Hono().route('/api', api);
  if (consoleDeps.assets) app.route('/', consoleDeps.assets);
  return app;
}
