/** @module The console's part of the PostgreSQL store: accounts, sessions, records views, subjects, settings, stats. */
import type { ConsoleStore } from '../../console-types.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';
import { createRightsRepo } from '../rights.ts';
import { createAccountRepo } from './accounts.ts';
import { createRecordRepo } from './records.ts';
import { asyncUnsubscribeMethods, createUnsubscribeTokens } from '../../unsubscribe-token.ts';
import { createRequestRepo } from './requests.ts';
import { createSettingsRepo } from './settings.ts';
import { createStatsRepo } from './stats.ts';
import { createSubjectRepo } from './subjects.ts';

export function createConsoleRepo(ctx: PgContext): Async<ConsoleStore> {
  return {
    ...createAccountRepo(ctx),
    ...createRecordRepo(ctx),
    ...asyncUnsubscribeMethods(createUnsubscribeTokens(ctx.hmacKey)),
    ...createSubjectRepo(ctx),
    ...createSettingsRepo(ctx),
    ...createStatsRepo(ctx),
    ...createRequestRepo(ctx, createRightsRepo(ctx).getRightsRequest),
  };
}
