/**
 * Run metadata: who/where/what a CI run was. It arrives as JSON fields, as
 * query parameters, or as X-Semantest-* headers (query wins over headers, so a
 * CI step can override a default header). Unknown query parameters are ignored.
 */
import { Type, type Static } from 'typebox';

const Str = (max: number, description: string) => Type.String({ maxLength: max, description });

export const RunMetaSchema = Type.Object(
  {
    runId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,128}$', description: 'Idempotency key of the run; derived from content when absent.' })),
    project: Type.Optional(Str(200, 'Project or repository name (default "default").')),
    ciProvider: Type.Optional(Str(100, 'CI system, e.g. github-actions, gitlab, jenkins.')),
    buildId: Type.Optional(Str(200, 'CI build / pipeline id.')),
    buildUrl: Type.Optional(Str(2000, 'Link to the CI build.')),
    commitSha: Type.Optional(Str(64, 'Commit under test.')),
    branch: Type.Optional(Str(500, 'Branch under test.')),
    pullRequest: Type.Optional(Str(100, 'Pull/merge request number or id.')),
    environment: Type.Optional(Str(200, 'Environment, e.g. staging.')),
    os: Type.Optional(Str(200, 'Operating system.')),
    browser: Type.Optional(Str(200, 'Browser, for UI suites.')),
    shard: Type.Optional(Str(100, 'Shard of a split suite, e.g. 2/4.')),
    startedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the run started (ISO 8601).' })),
    finishedAt: Type.Optional(Type.String({ format: 'date-time' })),
    labels: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 2000 }), { description: 'Free-form labels.' })),
  },
  { additionalProperties: false },
);

export type RunMeta = Static<typeof RunMetaSchema>;

const FIELDS: Array<[keyof RunMeta, string, string]> = [
  ['runId', 'runId', 'x-semantest-run-id'],
  ['project', 'project', 'x-semantest-project'],
  ['ciProvider', 'ciProvider', 'x-semantest-ci-provider'],
  ['buildId', 'buildId', 'x-semantest-build-id'],
  ['buildUrl', 'buildUrl', 'x-semantest-build-url'],
  ['commitSha', 'commitSha', 'x-semantest-commit-sha'],
  ['branch', 'branch', 'x-semantest-branch'],
  ['pullRequest', 'pullRequest', 'x-semantest-pull-request'],
  ['environment', 'environment', 'x-semantest-environment'],
  ['os', 'os', 'x-semantest-os'],
  ['browser', 'browser', 'x-semantest-browser'],
  ['shard', 'shard', 'x-semantest-shard'],
  ['startedAt', 'startedAt', 'x-semantest-started-at'],
  ['finishedAt', 'finishedAt', 'x-semantest-finished-at'],
];

/** Collects metadata from headers, then query parameters (later wins); labels as `label.<key>`. */
export function metaFromRequest(
  query: Record<string, unknown>,
  headers: Record<string, string | string[] | undefined>,
): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  for (const [field, queryName, headerName] of FIELDS) {
    const header = headers[headerName];
    if (typeof header === 'string' && header !== '') meta[field] = header;
    const q = query[queryName];
    if (typeof q === 'string' && q !== '') meta[field] = q;
  }
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('label.') && typeof v === 'string') labels[k.slice(6)] = v;
  }
  if (Object.keys(labels).length > 0) meta.labels = labels;
  return meta;
}
