/**
 * Entry point: validate config, open stores, create the demo tenant on first
 * start, listen. SIGTERM/SIGINT: stop accepting, let in-flight requests
 * finish, flush the write queue, close the stores.
 */
import { loadConfig, ConfigError } from './config/load.ts';
import { openServices } from './services.ts';
import { buildApp } from './app.ts';
import { ensureDemoTenant } from './demo/demo-tenant.ts';
import { startSyntheticTraffic } from './demo/synthetic-traffic.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`semantest: ${err.message}`);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

const services = await openServices(config);
const app = await buildApp({ services, logger: { level: config.logLevel } });
services.queue.on('error', (err) => app.log.error({ err }, 'batch write failed'));

const demo = config.demo ? await ensureDemoTenant(services) : undefined;
if (demo?.created) {
  // Printed once, on the start that created the tenant: the secrets are not stored.
  console.log(
    [
      '',
      '  Demo tenant "demo" created. Its API keys (shown only this once):',
      ...Object.entries(demo.keys).map(([kind, key]) => `    ${kind.padEnd(8)} ${key}`),
      '',
    ].join('\n'),
  );
}

await app.listen({ host: config.host, port: config.port });
const stopTraffic = config.syntheticTraffic && demo ? startSyntheticTraffic(services, demo.tenant, config.syntheticRunsPerMinute, app.log) : undefined;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: draining requests and the write queue');
  stopTraffic?.();
  const force = setTimeout(() => {
    app.log.error('shutdown took over 30 s; exiting');
    process.exit(1);
  }, 30_000);
  force.unref();
  try {
    await app.close();
    app.log.info('requests drained');
    await services.close();
    app.log.info('stores closed');
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
