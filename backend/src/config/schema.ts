/**
 * The one typed configuration object. Validated once at boot (config/load.ts);
 * nothing else in the code reads process.env.
 */
import { Type, type Static } from 'typebox';

export const ConfigSchema = Type.Object(
  {
    host: Type.String({ default: '127.0.0.1', description: 'Interface to listen on (HOST).' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'TCP port (PORT).' }),
    dataDir: Type.String({ default: './data', description: 'Where the embedded stores live (DATA_DIR).' }),
    databaseUrl: Type.Optional(
      Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL server for metadata (DATABASE_URL); PGlite under dataDir when unset.' }),
    ),
    masterKey: Type.Optional(
      Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'Master key for encryption at rest, 64 hex (SEMANTEST_MASTER_KEY); DATA_DIR/master.key when unset.' }),
    ),
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      default: 'info',
      description: 'pino log level (LOG_LEVEL).',
    }),
    demo: Type.Boolean({ default: true, description: 'Create the demo tenant on first start (SEMANTEST_DEMO).' }),
    syntheticTraffic: Type.Boolean({
      default: false,
      description: 'Feed live synthetic CI traffic into the demo tenant (SEMANTEST_SYNTHETIC_TRAFFIC).',
    }),
    syntheticRunsPerMinute: Type.Integer({ minimum: 1, maximum: 6000, default: 30 }),
    ingest: Type.Object(
      {
        batchMaxRows: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 50_000 }),
        batchMaxAgeMs: Type.Integer({ minimum: 1, maximum: 250, default: 200, description: 'Oldest a queued row may get before its batch is written.' }),
        minFlushIntervalMs: Type.Integer({ minimum: 0, maximum: 250, default: 50, description: 'Least time between the starts of two writes (group commit); bounds inserts per second.' }),
        maxQueuedRows: Type.Integer({ minimum: 1, default: 500_000, description: 'Above this the API answers 503 with Retry-After.' }),
        bodyLimitBytes: Type.Integer({ minimum: 1024, default: 64 * 1024 * 1024 }),
        maxResultsPerRun: Type.Integer({ minimum: 1, default: 1_000_000 }),
        tenantRequestsPerSecond: Type.Number({ minimum: 0.001, default: 200, description: 'Per-tenant ingest request rate before 429.' }),
        tenantBurst: Type.Integer({ minimum: 1, default: 400 }),
      },
      { additionalProperties: false, default: {} },
    ),
    exports: Type.Object(
      {
        storage: Type.Enum(['local', 's3', 'azure'], { default: 'local', description: 'Where export files go: DATA_DIR/exports (AES-256-GCM per tenant), an S3-compatible store, or Azure Blob Storage.' }),
        s3Bucket: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
        s3Endpoint: Type.Optional(Type.String({ pattern: '^https?://' })),
        s3Region: Type.String({ default: 'us-east-1' }),
        s3Prefix: Type.String({ default: '' }),
        s3ForcePathStyle: Type.Boolean({ default: false, description: 'Path-style addressing (MinIO, s3rver).' }),
        azureConnectionString: Type.Optional(Type.String({ minLength: 1, description: 'Azure Storage connection string (secret): AccountName + AccountKey or SharedAccessSignature, BlobEndpoint for Azurite/sovereign clouds.' })),
        azureContainer: Type.Optional(Type.String({ pattern: '^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$', description: 'Blob container (must exist).' })),
        azurePrefix: Type.String({ default: '' }),
        deliveryLinkTtlMs: Type.Integer({ minimum: 60_000, default: 3 * 86_400_000, description: 'Lifetime of the download link a scheduled export delivers (capped by the export\'s own expiry).' }),
        deliveryMaxAttempts: Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'A scheduled export\'s delivery is retried (exponential backoff) until every channel got it or this many attempts failed.' }),
        deliveryBackoffMs: Type.Integer({ minimum: 1000, default: 60_000, description: 'Wait before the first delivery retry; doubles per attempt.' }),
        engineMaxThreads: Type.Integer({ minimum: 0, maximum: 256, default: 2, description: 'Engine threads for one export write (max_threads; 0 = engine default). Each thread holds its own aggregation state.' }),
        engineSpillMb: Type.Integer({ minimum: 0, default: 64, description: 'Export aggregation and sort state past this many MB spills to disk (max_bytes_before_external_group_by/_sort; 0 = never).' }),
        engineMaxMemoryMb: Type.Integer({ minimum: 0, default: 0, description: 'Hard cap of engine memory for one export write (max_memory_usage; 0 = none); past it the job fails with EXPORT_MEMORY_LIMIT.' }),
        streamThroughPipe: Type.Boolean({ default: false, description: 'Line formats (CSV, TSV, JSON, NDJSON; plain or gzip) stream from the engine through a named pipe into encryption and upload: no plaintext temp file on disk, rows counted as they pass. Slower on small machines (64 KiB pipe writes), hence off by default.' }),
        engineBlockRows: Type.Integer({ minimum: 0, maximum: 1_048_576, default: 16384, description: 'Rows per engine block for one export write (max_block_size; 0 = engine default 65409): smaller blocks keep fewer bytes in flight per thread.' }),
      },
      { additionalProperties: false, default: {} },
    ),
    reports: Type.Object(
      {
        smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'SMTP server for report e-mail, e.g. smtp://mailpit:1025.' })),
        smtpFrom: Type.String({ default: 'Semantest Reports <reports@localhost>' }),
        allowPrivateTargets: Type.Boolean({ default: false, description: 'Let report webhooks target loopback/private addresses (SSRF guard off).' }),
        cacheTtlMs: Type.Integer({ minimum: 0, default: 300_000, description: 'A report generated again for the same definition, range and principal within this time is served from the cache (0 = off).' }),
        fileRetentionMs: Type.Integer({ minimum: 60_000, default: 30 * 86_400_000, description: 'Stored report files are deleted by the sweep after this time.' }),
      },
      { additionalProperties: false, default: {} },
    ),
    intelligence: Type.Object(
      {
        evaluateEveryMinutes: Type.Integer({ minimum: 0, maximum: 1440, default: 15, description: 'How often monitors run (0 = only on demand).' }),
        mirrorEverySeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 5, description: 'How often changed test states and quarantines are mirrored into the analytics store for the query datasets (0 = only after evaluations).' }),
      },
      { additionalProperties: false, default: {} },
    ),
    platform: Type.Object(
      {
        sampleSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 10, description: 'How often the platform self-monitoring sampler writes platform_metrics (SEMANTEST_PLATFORM_SAMPLE_SECONDS; 0 = off).' }),
      },
      { additionalProperties: false, default: {} },
    ),
    operatorToken: Type.Optional(
      Type.String({
        minLength: 24,
        maxLength: 512,
        pattern: '^[\\x21-\\x7e]+$',
        description: 'Bearer token of the operator API (/api/v1/operator: tenants and keys for provisioning) (SEMANTEST_OPERATOR_TOKEN); unset = operator API off.',
      }),
    ),
    auth: Type.Object(
      {
        keyCacheTtlMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 5_000 }),
        lastUsedResolutionMs: Type.Integer({ minimum: 0, default: 60_000, description: 'last_used_at is written at most this often per key.' }),
      },
      { additionalProperties: false, default: {} },
    ),
    publicUrl: Type.Optional(
      Type.String({
        maxLength: 2048,
        // Absolute http(s) with a host, an optional path prefix, no query or fragment: links append /api/v1/….
        pattern: '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$',
        description: 'Public base URL of this backend, e.g. https://semantest.example.com (SEMANTEST_PUBLIC_URL); signed download links use it instead of the request host.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
