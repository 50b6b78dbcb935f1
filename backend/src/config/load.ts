/**
 * Boot-time configuration: defaults ← optional JSON file ← environment.
 * Unknown keys (in the file, or SEMANTEST_* variables we do not know) and
 * invalid values stop the start with a message naming the setting.
 */
import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { ConfigSchema, type Config } from './schema.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Environment variable → dotted config path, with the parser for its value. */
const ENV_MAP: Record<string, { path: string; parse: (raw: string) => unknown }> = {
  HOST: { path: 'host', parse: String },
  PORT: { path: 'port', parse: Number },
  DATA_DIR: { path: 'dataDir', parse: String },
  DATABASE_URL: { path: 'databaseUrl', parse: String },
  LOG_LEVEL: { path: 'logLevel', parse: String },
  SEMANTEST_DEMO: { path: 'demo', parse: parseBool },
  SEMANTEST_SYNTHETIC_TRAFFIC: { path: 'syntheticTraffic', parse: parseBool },
  SEMANTEST_SYNTHETIC_RUNS_PER_MINUTE: { path: 'syntheticRunsPerMinute', parse: Number },
  SEMANTEST_BATCH_MAX_ROWS: { path: 'ingest.batchMaxRows', parse: Number },
  SEMANTEST_BATCH_MAX_AGE_MS: { path: 'ingest.batchMaxAgeMs', parse: Number },
  SEMANTEST_MIN_FLUSH_INTERVAL_MS: { path: 'ingest.minFlushIntervalMs', parse: Number },
  SEMANTEST_MAX_QUEUED_ROWS: { path: 'ingest.maxQueuedRows', parse: Number },
  SEMANTEST_BODY_LIMIT_BYTES: { path: 'ingest.bodyLimitBytes', parse: Number },
  SEMANTEST_MAX_RESULTS_PER_RUN: { path: 'ingest.maxResultsPerRun', parse: Number },
  SEMANTEST_TENANT_RPS: { path: 'ingest.tenantRequestsPerSecond', parse: Number },
  SEMANTEST_TENANT_BURST: { path: 'ingest.tenantBurst', parse: Number },
  SEMANTEST_EXPORT_STORAGE: { path: 'exports.storage', parse: String },
  SEMANTEST_EXPORT_S3_BUCKET: { path: 'exports.s3Bucket', parse: String },
  SEMANTEST_EXPORT_S3_ENDPOINT: { path: 'exports.s3Endpoint', parse: String },
  SEMANTEST_EXPORT_S3_REGION: { path: 'exports.s3Region', parse: String },
  SEMANTEST_EXPORT_S3_PREFIX: { path: 'exports.s3Prefix', parse: String },
  SEMANTEST_EXPORT_S3_FORCE_PATH_STYLE: { path: 'exports.s3ForcePathStyle', parse: parseBool },
  SEMANTEST_EXPORT_AZURE_CONNECTION_STRING: { path: 'exports.azureConnectionString', parse: String },
  SEMANTEST_EXPORT_AZURE_CONTAINER: { path: 'exports.azureContainer', parse: String },
  SEMANTEST_EXPORT_AZURE_PREFIX: { path: 'exports.azurePrefix', parse: String },
  SEMANTEST_EXPORT_DELIVERY_LINK_TTL_MS: { path: 'exports.deliveryLinkTtlMs', parse: Number },
  SEMANTEST_EXPORT_DELIVERY_MAX_ATTEMPTS: { path: 'exports.deliveryMaxAttempts', parse: Number },
  SEMANTEST_EXPORT_DELIVERY_BACKOFF_MS: { path: 'exports.deliveryBackoffMs', parse: Number },
  SEMANTEST_EXPORT_ENGINE_MAX_THREADS: { path: 'exports.engineMaxThreads', parse: Number },
  SEMANTEST_EXPORT_ENGINE_SPILL_MB: { path: 'exports.engineSpillMb', parse: Number },
  SEMANTEST_EXPORT_ENGINE_MAX_MEMORY_MB: { path: 'exports.engineMaxMemoryMb', parse: Number },
  SEMANTEST_EXPORT_ENGINE_BLOCK_ROWS: { path: 'exports.engineBlockRows', parse: Number },
  SEMANTEST_EXPORT_PIPE: { path: 'exports.streamThroughPipe', parse: parseBool },
  SEMANTEST_SMTP_URL: { path: 'reports.smtpUrl', parse: String },
  SEMANTEST_SMTP_FROM: { path: 'reports.smtpFrom', parse: String },
  SEMANTEST_ALLOW_PRIVATE_WEBHOOKS: { path: 'reports.allowPrivateTargets', parse: parseBool },
  SEMANTEST_REPORT_CACHE_TTL_MS: { path: 'reports.cacheTtlMs', parse: Number },
  SEMANTEST_REPORT_RETENTION_MS: { path: 'reports.fileRetentionMs', parse: Number },
  SEMANTEST_EVALUATE_EVERY_MINUTES: { path: 'intelligence.evaluateEveryMinutes', parse: Number },
  SEMANTEST_MIRROR_EVERY_SECONDS: { path: 'intelligence.mirrorEverySeconds', parse: Number },
  SEMANTEST_PLATFORM_SAMPLE_SECONDS: { path: 'platform.sampleSeconds', parse: Number },
  SEMANTEST_KEY_CACHE_TTL_MS: { path: 'auth.keyCacheTtlMs', parse: Number },
  SEMANTEST_MASTER_KEY: { path: 'masterKey', parse: String },
  SEMANTEST_OPERATOR_TOKEN: { path: 'operatorToken', parse: String },
  SEMANTEST_PUBLIC_URL: { path: 'publicUrl', parse: String },
};

/** Variables that pick the file or belong to tooling, not to the config object. */
const ENV_ALLOWED_EXTRA = new Set(['SEMANTEST_CONFIG']);

function parseBool(raw: string): unknown {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  return raw; // left as a string so validation names the setting
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

export function loadConfig(env: Env = process.env, overrides: Record<string, unknown> = {}): Config {
  const raw: Record<string, unknown> = {};
  const file = env.SEMANTEST_CONFIG;
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`SEMANTEST_CONFIG=${file}: cannot read a JSON object (${(err as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError(`SEMANTEST_CONFIG=${file}: the file must hold a JSON object`);
    }
    Object.assign(raw, parsed);
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('SEMANTEST_') && !(name in ENV_MAP) && !ENV_ALLOWED_EXTRA.has(name)) {
      throw new ConfigError(`unknown setting ${name}; known: ${Object.keys(ENV_MAP).filter((k) => k.startsWith('SEMANTEST_')).join(', ')}`);
    }
  }
  for (const [name, { path, parse }] of Object.entries(ENV_MAP)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, parse(value));
  }
  for (const [path, value] of Object.entries(overrides)) setPath(raw, path, value);

  const withDefaults = Value.Default(ConfigSchema, raw) as Config;
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length === 0 && withDefaults.exports.storage === 's3' && !withDefaults.exports.s3Bucket) {
    throw new ConfigError('invalid configuration:\n  exports.s3Bucket: required when exports.storage is s3 (SEMANTEST_EXPORT_S3_BUCKET)');
  }
  if (errors.length === 0 && withDefaults.exports.storage === 'azure') {
    const { azureContainer, azureConnectionString: cs } = withDefaults.exports;
    if (!azureContainer)
      throw new ConfigError('invalid configuration:\n  exports.azureContainer: required when exports.storage is azure (SEMANTEST_EXPORT_AZURE_CONTAINER)');
    // Checked by shape only: the value is a secret and never goes into the message.
    if (!cs || !/(^|;)\s*AccountName=[^;]+/i.test(cs) || !/(^|;)\s*(AccountKey|SharedAccessSignature)=[^;]+/i.test(cs))
      throw new ConfigError('invalid configuration:\n  exports.azureConnectionString: required when exports.storage is azure, with AccountName and AccountKey or SharedAccessSignature (SEMANTEST_EXPORT_AZURE_CONNECTION_STRING)');
  }
  if (errors.length > 0) {
    // One line per setting: an unknown key says so; otherwise the first message.
    const bySetting = new Map<string, string>();
    for (const e of errors) {
      const where = (e as { instancePath?: string }).instancePath ?? '';
      const setting = where.replace(/^\//, '').replaceAll('/', '.') || '(root)';
      const extra = (e as { params?: { additionalProperties?: string[] } }).params?.additionalProperties;
      if (extra) {
        for (const k of extra) bySetting.set(setting === '(root)' ? k : `${setting}.${k}`, 'unknown setting');
      } else if (!bySetting.has(setting) && !/schema is false/.test(e.message)) {
        bySetting.set(setting, e.message);
      }
    }
    const lines = [...bySetting].slice(0, 10).map(([setting, message]) => `${setting}: ${message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return withDefaults;
}
