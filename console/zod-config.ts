/**
 * Imported first by the console's entry: zod probes `new Function` when it builds a schema, which
 * the console's CSP (no 'unsafe-eval') reports as a violation. Jitless zod never probes.
 */
import { z } from 'zod';

z.config({ jitless: true });
