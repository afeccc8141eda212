/** @module The console's part of the SQLite store: accounts, sessions, records views, subjects, settings, stats. */
import type Database from 'better-sqlite3';
import type { DataCipher } from '../../../util/data-cipher.ts';
import type { ConsoleStore } from '../../console-types.ts';
import { createAccountRepo } from './accounts.ts';
import { createRightsRepo } from '../rights.ts';
import { createRecordRepo } from './records.ts';
import { createUnsubscribeTokens, unsubscribeMethods } from '../../unsubscribe-token.ts';
import { createRequestRepo } from './requests.ts';
import { createSettingsRepo } from './settings.ts';
import { createStatsRepo } from './stats.ts';
import { createSubjectRepo } from './subjects.ts';

export function createConsoleRepo(db: Database.Database, hmacKey: string, clock: () => Date, cipher: DataCipher, emailHash: (email: string) => string): ConsoleStore {
  return {
    ...createAccountRepo(db, hmacKey, clock),
    ...createRecordRepo(db, hmacKey),
    ...unsubscribeMethods(createUnsubscribeTokens(hmacKey)),
    ...createSubjectRepo(db, hmacKey, cipher),
    ...createSettingsRepo(db),
    ...createStatsRepo(db),
    ...createRequestRepo(db, createRightsRepo(db, hmacKey, cipher, emailHash).getRightsRequest, cipher, emailHash),
  };
}
