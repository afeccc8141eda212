/** @module The Node entry: env → store → HTTP server. The only place that knows it runs on Node. */
import { DEMO_SITE_KEY, startServer } from './boot.ts';
import { readEnvOrExit } from './env.ts';
import { createConsoleLogger } from './log.ts';

const config = readEnvOrExit();
const log = createConsoleLogger({ level: config.logLevel });
const running = await startServer(config, { log });

// Printed to the terminal for the operator, once; never written to the log stream.
const out = (line = '') => process.stdout.write(`${line}\n`);
// The CLI reads the same environment: a port given to this process only must be given to it too,
// or the sign-in link it prints names the default port.
const sameEnv = !process.env.PUBLIC_URL && process.env.PORT ? `PORT=${config.port} ` : '';
const admin = `${sameEnv}${config.production ? 'node dist/server/cli/admin.js' : 'npm run admin --'}`;
out();
out(`Samtykke is running at ${running.url}${config.production ? ' (production mode)' : ''}`);
if (running.demo) out(`Demo: ${running.url}/`);
out(`Console for the data protection contact: ${running.url}/console (make the first account, a server administrator: ${admin} create --email you@example.no --admin)`);
out();
out('Paste this into your pages:');
out(`  <script src="${running.url}/s/${running.demo ? DEMO_SITE_KEY : 'pk_your_site'}.js" async></script>`);
for (const site of running.createdSites) {
  out();
  // In production this output lands in kept logs (journald, a container's log), where a key
  // printed once is a key readable for ever: the owner makes a new one in the console instead.
  if (config.production) {
    out(`New site ${site.key}. Its secret key is not printed in production, where this output is kept in logs:`);
    out(`  make one in ${running.url}/console → Settings → Make a new secret key (shown once there).`);
    continue;
  }
  out(`New site ${site.key}. Its secret key for server-to-server writes (shown once, keep it safe):`);
  out(`  ${site.secretKey}`);
}
out();
if (running.adminToken) {
  out('Admin token (shown once; use as "Authorization: Bearer <token>" on /admin/v1/*):');
  out(`  ${running.adminToken}`);
} else {
  out(`Need an admin token? Make a new one with: ${admin} token`);
}
out();
log.info('listening', { port: running.port, production: config.production, demo: running.demo });

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
