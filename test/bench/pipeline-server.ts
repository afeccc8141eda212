/**
 * A row for `npm run bench:server`: the real server, started as `npm start` starts it, except that
 * its store answers every consent write as stored without writing anything. What it sustains is
 * what HTTP, the middleware, zod and the route cost per write on their own: how much of the no-op
 * ceiling is left for a database at all.
 */
import { startServer } from '../../server/boot.ts';
import { readEnv } from '../../server/env.ts';
import { createConsoleLogger } from '../../server/log.ts';
import { appended } from '../../server/store/rows/consent-event.ts';

const running = await startServer(readEnv(), {
  log: createConsoleLogger(),
  wrapStore: (store) => ({ ...store, appendConsentEvents: async (items) => items.map((item) => appended(item.event.id)) }),
});
process.stdout.write(`listening ${running.port}\n`);
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
