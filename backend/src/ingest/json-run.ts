/**
 * The JSON upload format (POST /api/v1/runs): run metadata, its results and
 * its performance samples. These schemas validate requests AND generate the
 * OpenAPI document, so the docs cannot drift from what is accepted.
 */
import { Type, type Static } from 'typebox';
import { RunMetaSchema } from './run-meta.ts';
import type { ParsedReport } from './model.ts';

const Status = Type.Enum(['passed', 'failed', 'error', 'skipped'], { description: 'Outcome.' });
const Text = (max: number) => Type.String({ maxLength: max });

export const ErrorSchema = Type.Object(
  { type: Type.Optional(Text(500)), message: Type.Optional(Text(65_536)), stack: Type.Optional(Text(262_144)) },
  { additionalProperties: false },
);

const Attempt = Type.Object(
  {
    status: Status,
    durationMs: Type.Optional(Type.Number({ minimum: 0 })),
    error: Type.Optional(ErrorSchema),
    stdout: Type.Optional(Text(262_144)),
    stderr: Type.Optional(Text(262_144)),
  },
  { additionalProperties: false },
);

export const ResultSchema = Type.Object(
  {
    suite: Type.Optional(Text(1000)),
    name: Type.String({ minLength: 1, maxLength: 2000 }),
    className: Type.Optional(Text(1000)),
    file: Type.Optional(Text(2000)),
    status: Status,
    durationMs: Type.Optional(Type.Number({ minimum: 0, description: 'Duration in milliseconds.' })),
    startedAt: Type.Optional(Type.String({ format: 'date-time' })),
    error: Type.Optional(ErrorSchema),
    stdout: Type.Optional(Text(262_144)),
    stderr: Type.Optional(Text(262_144)),
    owner: Type.Optional(Text(200)),
    labels: Type.Optional(Type.Record(Text(200), Text(2000))),
    retries: Type.Optional(Type.Array(Attempt, { maxItems: 100, description: 'Earlier attempts, oldest first.' })),
  },
  { additionalProperties: false },
);

export const PerfSchema = Type.Object(
  {
    metric: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$', description: 'cpu_usage, memory_usage, network_latency, page_load_time or a custom name.' }),
    value: Type.Number(),
    unit: Type.Optional(Text(30)),
    ts: Type.Optional(Type.String({ format: 'date-time' })),
    suite: Type.Optional(Text(1000)),
    testName: Type.Optional(Text(2000)),
    labels: Type.Optional(Type.Record(Text(200), Text(2000))),
  },
  { additionalProperties: false },
);

export const JsonRunSchema = Type.Object(
  {
    ...RunMetaSchema.properties,
    results: Type.Array(ResultSchema, { description: 'One entry per test case.' }),
    perf: Type.Optional(Type.Array(PerfSchema)),
  },
  { additionalProperties: false },
);

export type JsonRun = Static<typeof JsonRunSchema>;
export type JsonResult = Static<typeof ResultSchema>;
export type JsonPerf = Static<typeof PerfSchema>;

export function jsonToReport(results: JsonResult[], perf: JsonPerf[] = []): ParsedReport {
  return {
    format: 'json',
    cases: results.map((r) => ({
      suite: r.suite ?? '',
      name: r.name,
      className: r.className,
      file: r.file,
      status: r.status as ParsedReport['cases'][number]['status'],
      durationMs: r.durationMs ?? 0,
      startedAt: r.startedAt ? new Date(r.startedAt) : undefined,
      error: r.error,
      stdout: r.stdout,
      stderr: r.stderr,
      owner: r.owner,
      labels: r.labels,
      retries: r.retries?.map((a) => ({ ...a, status: a.status as ParsedReport['cases'][number]['status'], durationMs: a.durationMs ?? 0 })),
    })),
    perf: perf.map((p) => ({ ...p, ts: p.ts ? new Date(p.ts) : undefined })),
  };
}
