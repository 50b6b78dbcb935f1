/**
 * The registry of error codes users can see. Codes are stable API: clients
 * branch on them, so never rename one; add new ones instead.
 */
export const ERROR_CODES = {
  // 400 – the request is wrong
  VALIDATION_FAILED: { status: 400, title: 'The request does not match its schema' },
  INGEST_MALFORMED_REPORT: { status: 400, title: 'The test report could not be parsed' },
  INGEST_UNKNOWN_FORMAT: { status: 400, title: 'The test report format is not recognised' },
  INGEST_EMPTY_REPORT: { status: 400, title: 'The test report is empty' },
  INGEST_MALFORMED_JSON: { status: 400, title: 'The JSON body could not be parsed' },
  INGEST_BAD_GZIP: { status: 400, title: 'The gzip body could not be decompressed' },
  INGEST_RUN_CONFLICT: { status: 409, title: 'This run id was already stored with different content' },
  INGEST_NO_FILES: { status: 400, title: 'The multipart upload carries no file' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The content type is not accepted here' },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is over the limit' },
  QUERY_INVALID: { status: 400, title: 'The query is not valid' },
  QUERY_UNSUPPORTED_VERSION: { status: 400, title: 'The query model version is not supported' },
  QUERY_UNKNOWN_FIELD: { status: 400, title: 'The query names an unknown field' },
  QUERY_NO_MASKING_KEY: { status: 400, title: 'The tenant has no masking key for this masking rule' },
  QUERY_BAD_POLICY: { status: 400, title: 'A row policy of this tenant is not valid' },
  QUERY_BAD_MASKING_RULE: { status: 400, title: 'A masking rule of this tenant is not valid' },
  QUERY_EXECUTION_FAILED: { status: 400, title: 'The analytics store refused the query' },
  REPORT_INVALID_CRON: { status: 400, title: 'The schedule is not a valid cron expression' },
  REPORT_UNKNOWN_TIMEZONE: { status: 400, title: 'The time zone is not a known IANA time zone' },
  REPORT_EMPTY_METRICS: { status: 400, title: 'A report query has no metrics' },
  REPORT_INVALID_URL: { status: 400, title: 'The URL is not a valid http(s) URL' },
  MASK_TOKEN_INVALID: { status: 400, title: 'The token is not valid for this tenant and field' },
  // 401/403/404 – who you are and what you may see
  AUTH_MISSING_KEY: { status: 401, title: 'An API key is required' },
  AUTH_INVALID_KEY: { status: 401, title: 'The API key is not valid' },
  AUTH_KEY_REVOKED: { status: 401, title: 'The API key has been revoked' },
  AUTH_WRONG_KEY_KIND: { status: 403, title: 'This API key may not do this' },
  AUTH_IDENTITY_NOT_ALLOWED: { status: 403, title: 'Forwarded identity is only accepted with a grafana key' },
  AUTH_ORG_MISMATCH: { status: 403, title: 'The forwarded Grafana organization does not match the tenant' },
  FORBIDDEN: { status: 403, title: 'This operation is not permitted' },
  QUERY_FORBIDDEN_DATASET: { status: 403, title: 'This dataset needs a higher role' },
  MASK_TOKEN_FORBIDDEN: { status: 403, title: 'This role may not resolve masking tokens' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  TENANT_NOT_FOUND: { status: 404, title: 'No such tenant' },
  TENANT_EXISTS: { status: 409, title: 'A tenant with this slug or Grafana organization already exists' },
  KEY_NOT_FOUND: { status: 404, title: 'No such API key' },
  KEY_CONFLICT: { status: 409, title: 'This key secret is already registered elsewhere or was revoked' },
  OPERATOR_API_DISABLED: { status: 404, title: 'The operator API is not enabled on this server' },
  AUTH_INVALID_OPERATOR_TOKEN: { status: 401, title: 'The operator token is missing or wrong' },
  MONITOR_EXISTS: { status: 409, title: 'The project already has a monitor' },
  EXPORT_STATE_CONFLICT: { status: 409, title: 'The export is not in a state that allows this' },
  EXPORT_LINK_INVALID: { status: 403, title: 'The download link is not valid' },
  EXPORT_LINK_EXPIRED: { status: 410, title: 'The download link or the export has expired' },
  EXPORT_INVALID_SCHEDULE: { status: 400, title: 'The export schedule has an invalid cron expression or time zone' },
  EXPORT_INVALID_PIVOT: { status: 400, title: 'The pivot does not fit the export query' },
  EXPORT_PIVOT_TOO_MANY_VALUES: { status: 400, title: 'The pivot field has more distinct values than the column cap' },
  EXPORT_INVALID_DELIVERY: { status: 400, title: 'The export schedule has an invalid delivery channel' },
  EXPORT_MEMORY_LIMIT: { status: 400, title: 'The export needed more engine memory than the configured cap' },
  // 429/503 – come back later
  RATE_LIMITED: { status: 429, title: 'Too many requests for this tenant' },
  INGEST_QUEUE_FULL: { status: 503, title: 'The write queue is full' },
  SHUTTING_DOWN: { status: 503, title: 'The server is shutting down' },
  NOT_READY: { status: 503, title: 'The server is not ready' },
  // 500 – ours; the detail never echoes internals
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
