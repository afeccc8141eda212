/** @module The Node entry: env → store → HTTP server. The only place that knows it runs on Node. */
import { startServer } from './boot.ts';
import { readEnv } from './env.ts';
import { createConsoleLogger } from './log.ts';

const log = createConsoleLogger();
const config = readEnv();
const running = await startServer(config, { log });

// Printed to the terminal for the operator, once; never written to the log stream.
const out = (line = '') => process.stdout.write(`${line}\n`);
out();
out(`Samtykke is running at ${running.url}`);
out(`Demo: ${running.url}/`);
out(`Console for the data protection contact: ${running.url}/console (make the first account, a server administrator: npm run admin -- create --email you@example.no --admin)`);
out();
out('Paste this into your pages:');
out(`  <script src="${running.url}/samtykke.js" data-site="pk_demo_nettfokus" defer></script>`);
for (const site of running.createdSites) {
  out();
  out(`New site ${site.key}. Its secret key for server-to-server writes (shown once, keep it safe):`);
  out(`  ${site.secretKey}`);
}
out();
if (running.adminToken) {
  out('Admin token (shown once; use as "Authorization: Bearer <token>" on /admin/v1/*):');
  out(`  ${running.adminToken}`);
} else {
  out('Need an admin token? Make a new one with: npm run admin -- token');
}
out();
log.info('listening', { port: running.port });

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('stopping', { signal });
  await running.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
