/**
 * The create-export form's state and its translation into the backend's body: a query-model v1
 * `table` query (dataset, group-by columns, metrics, filters, time range) plus format, compression
 * and row limit. Kept apart from the form so the mapping has its own tests.
 */
import type {
  CreateExportBody,
  CreateScheduleBody,
  ExportCompression,
  ExportFormat,
  Filter,
  FilterOp,
} from '../../api/types';

/** The filter operators of the query model (FILTER_OPS in @semantest/query-model). */
export const FILTER_OPS = [
  '=',
  '!=',
  'in',
  'not_in',
  'like',
  'contains',
  'regex',
  '<',
  '<=',
  '>',
  '>=',
  'is_null',
  'not_null',
] as const satisfies readonly FilterOp[];
const LIST_OPS: readonly FilterOp[] = ['in', 'not_in'];
export const NO_VALUE_OPS: readonly FilterOp[] = ['is_null', 'not_null'];

export const RANGES = [
  { label: 'Last 24 hours', value: '24h', ms: 24 * 3600_000 },
  { label: 'Last 7 days', value: '7d', ms: 7 * 24 * 3600_000 },
  { label: 'Last 30 days', value: '30d', ms: 30 * 24 * 3600_000 },
  { label: 'Last 90 days', value: '90d', ms: 90 * 24 * 3600_000 },
] as const;
export type RangeKey = (typeof RANGES)[number]['value'];

export interface FilterDraft {
  field: string;
  op: FilterOp;
  /** Free text; comma-separated for list operators. */
  value: string;
}

export interface ExportDraft {
  dataset: string;
  /** `fn` or `fn:field` (e.g. `p95:duration_ms`). */
  metrics: string[];
  groupBy: string[];
  filters: FilterDraft[];
  range: RangeKey;
  format: ExportFormat;
  compression: ExportCompression;
  limit: string;
  /** A group-by column whose values become columns ('' = no pivot). */
  pivot: string;
  /** Run once now, or create an export schedule (cron in a time zone). */
  schedule: { enabled: boolean; name: string; cron: string; timezone: string };
}

export const emptyDraft = (dataset = 'results'): ExportDraft => ({
  dataset,
  metrics: ['count'],
  groupBy: [],
  filters: [],
  range: '7d',
  format: 'csv',
  compression: 'none',
  limit: '',
  pivot: '',
  schedule: { enabled: false, name: '', cron: '0 6 * * 1', timezone: 'UTC' },
});

const scalar = (s: string): string | number => (s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s.trim());

function toFilter(f: FilterDraft): Filter {
  if (NO_VALUE_OPS.includes(f.op)) {
    return { field: f.field, op: f.op };
  }
  if (LIST_OPS.includes(f.op)) {
    return {
      field: f.field,
      op: f.op,
      value: f.value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    };
  }
  return { field: f.field, op: f.op, value: scalar(f.value) };
}

export function toCreateBody(d: ExportDraft, now: number): CreateExportBody {
  const range = RANGES.find((r) => r.value === d.range) ?? RANGES[1];
  const filters = d.filters.filter((f) => f.field !== '').map(toFilter);
  const limit = Number(d.limit);
  return {
    query: {
      version: 1,
      dataset: d.dataset,
      metrics: d.metrics.map((m) => {
        const [fn, field] = m.split(':');
        return field ? { fn, field } : { fn };
      }),
      ...(d.groupBy.length > 0 ? { groupBy: d.groupBy } : {}),
      ...(filters.length > 0 ? { filters } : {}),
      timeRange: { from: now - range.ms, to: now },
      shape: 'table',
    },
    format: d.format,
    ...(d.compression !== 'none' ? { compression: d.compression } : {}),
    ...(d.limit.trim() !== '' && Number.isInteger(limit) && limit > 0 ? { limit } : {}),
    ...(d.pivot !== '' && d.groupBy.includes(d.pivot) ? { pivot: { field: d.pivot } } : {}),
  };
}

/**
 * A schedule stores one request and runs it unchanged on every tick; the backend does not move a
 * relative window per tick, so a fixed range would export the same days forever. Scheduled
 * exports therefore carry no time range (all rows the principal may see).
 */
export function toScheduleBody(d: ExportDraft): CreateScheduleBody {
  const body = toCreateBody(d, 0);
  const { timeRange: _fixedWindow, ...query } = body.query;
  return {
    name: d.schedule.name.trim(),
    cron: d.schedule.cron.trim(),
    timezone: d.schedule.timezone.trim() || 'UTC',
    ...body,
    query,
  };
}

/** What the form refuses before sending (the backend checks everything again). */
export function draftProblem(d: ExportDraft): string | null {
  if (d.metrics.length === 0) {
    return 'Pick at least one metric.';
  }
  const limit = d.limit.trim();
  if (limit !== '' && !(Number.isInteger(Number(limit)) && Number(limit) > 0)) {
    return 'Row limit must be a positive whole number.';
  }
  if (d.schedule.enabled && (d.schedule.name.trim() === '' || d.schedule.cron.trim() === '')) {
    return 'A scheduled export needs a name and a cron expression.';
  }
  const incomplete = d.filters.find((f) => f.field === '' || (!NO_VALUE_OPS.includes(f.op) && f.value.trim() === ''));
  return incomplete ? 'Every filter needs a field and a value.' : null;
}
