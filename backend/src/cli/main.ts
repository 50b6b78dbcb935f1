/**
 * `npm run cli -- <command>`: tenant and key administration on DATA_DIR (or
 * DATABASE_URL). It calls the same services as the HTTP API. `--json` prints
 * exactly one JSON object on stdout.
 */
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config/load.ts';
import type { Services } from '../services.ts';
import { AppError } from '../errors/app-error.ts';
import { KEY_KINDS } from '../tenancy/types.ts';
import { GrafanaError } from '../grafana/api/grafana-error.ts';
import { registerProvisionCommands } from './commands/tenant-provision.ts';

type Out = { json: boolean };

function print(out: Out, obj: Record<string, unknown>, human: string): void {
  console.log(out.json ? JSON.stringify(obj) : human);
}

async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  // Loaded on demand: the stores pull in chDB and more, which provisioning through the operator API never needs.
  const { openServices } = await import('../services.ts');
  const services = await openServices(loadConfig(), { withoutAnalytics: true, role: 'semantest cli' });
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

const program = new Command('semantest')
  .description('Administer Semantest tenants and API keys (stop the server first when it uses the same DATA_DIR, or use --semantest-url with tenant provision).')
  .option('--json', 'print one JSON object instead of text')
  .showHelpAfterError()
  .exitOverride();
const out = (): Out => ({ json: Boolean(program.opts().json) });

const tenant = program.command('tenant').description('create, list and change tenants');
tenant
  .command('create <slug>')
  .description('create a tenant (a Grafana organization maps to at most one tenant)')
  .option('--name <name>', 'display name (default: the slug)')
  .option('--grafana-org <id>', 'Grafana organization id', (v) => Number(v))
  .option('--retention-days <days>', 'how long results are kept', (v) => Number(v))
  .action(async (slug: string, o: { name?: string; grafanaOrg?: number; retentionDays?: number }) => {
    const t = await withServices((s) => s.tenants.create({ slug, name: o.name, grafanaOrgId: o.grafanaOrg, retentionDays: o.retentionDays }));
    print(out(), { tenant: t }, `created tenant ${t.slug} (${t.id})${t.grafanaOrgId ? `, Grafana org ${t.grafanaOrgId}` : ''}`);
  });
tenant
  .command('list')
  .description('list tenants')
  .action(async () => {
    const list = await withServices((s) => s.tenants.list());
    print(out(), { tenants: list }, list.map((t) => `${t.slug.padEnd(24)} org=${t.grafanaOrgId ?? '-'} retention=${t.retentionDays}d ${t.id}`).join('\n') || '(no tenants)');
  });
tenant
  .command('update <slug>')
  .description('change a tenant')
  .option('--name <name>')
  .option('--grafana-org <id>', 'Grafana organization id', (v) => Number(v))
  .option('--retention-days <days>', 'how long results are kept', (v) => Number(v))
  .action(async (slug: string, o: { name?: string; grafanaOrg?: number; retentionDays?: number }) => {
    const t = await withServices((s) => s.tenants.update(slug, { name: o.name, grafanaOrgId: o.grafanaOrg, retentionDays: o.retentionDays }));
    print(out(), { tenant: t }, `updated tenant ${t.slug}`);
  });
registerProvisionCommands(tenant, (obj, human) => print(out(), obj, human));

const key = program.command('key').description('create, list and revoke API keys');
key
  .command('create <slug>')
  .description('create an API key; the secret is printed once and never stored')
  .requiredOption('--kind <kind>', `one of ${KEY_KINDS.join(', ')}`)
  .option('--name <name>', 'what the key is for', '')
  .action(async (slug: string, o: { kind: string; name: string }) => {
    const { key: secret, info } = await withServices((s) => s.keys.create(slug, o.kind, o.name));
    print(out(), { key: secret, info }, `${secret}\n(${info.kind} key ${info.id} for ${slug}; store it now, it is not shown again)`);
  });
key
  .command('list <slug>')
  .description("list a tenant's keys (never their secrets)")
  .action(async (slug: string) => {
    const keys = await withServices((s) => s.keys.list(slug));
    print(
      out(),
      { keys },
      keys.map((k) => `${k.id} ${k.kind.padEnd(8)} ${k.prefix}… ${k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`} ${k.name}`).join('\n') || '(no keys)',
    );
  });
key
  .command('revoke <slug> <keyId>')
  .description('revoke a key at once')
  .action(async (slug: string, keyId: string) => {
    const info = await withServices((s) => s.keys.revoke(slug, keyId));
    print(out(), { key: info }, `revoked ${info.kind} key ${info.id}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode);
  }
  const code = err instanceof AppError || err instanceof GrafanaError ? err.code : undefined;
  const message = code ? `${code}: ${(err as Error).message}` : (err as Error).message;
  if (out().json) console.log(JSON.stringify({ error: { code: code ?? 'ERROR', message } }));
  else console.error(`semantest: ${message}`);
  process.exit(1);
}
