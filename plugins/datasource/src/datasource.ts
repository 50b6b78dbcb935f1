import type {
  AdHocVariableFilter,
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  MetricFindValue,
  ScopedVars,
  TimeRange,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import type { Observable } from 'rxjs';

import { annotationSupport } from './annotations';
import { interpolateFilters, toFilter } from './interpolate';
import { migrateQuery } from './migrate';
import { interpolateCompare } from './compare';
import { DATASETS, DIMENSIONS, FIXED_VALUES, defaultModel, isRows } from './queryModel';
import type { CatalogDimension, CatalogResponse, DatasetSpec, SemantestOptions, SemantestQuery } from './types';
import { SemantestVariableSupport } from './variables';

/** What value suggestions are scoped to: the query's dataset and the panel's time range. */
export interface ValuesScope {
  dataset?: string;
  range?: TimeRange;
}

/**
 * The browser half of the datasource. Queries go to the Go backend (POST /api/ds/query), which adds
 * the tenant key and the user's identity; resources (catalog, value suggestions) go through the
 * backend's allowlisted CallResource. The browser never talks to the Semantest backend itself.
 */
export class DataSource extends DataSourceWithBackend<SemantestQuery, SemantestOptions> {
  /** One catalog read per datasource instance (the editor asks for it several times); retried after a failure. */
  #catalog?: Promise<CatalogResponse>;

  constructor(instanceSettings: DataSourceInstanceSettings<SemantestOptions>) {
    super(instanceSettings);
    this.variables = new SemantestVariableSupport(this);
    this.annotations = annotationSupport;
  }

  getDefaultQuery(_: CoreApp): Partial<SemantestQuery> {
    return { queryType: 'model', ...defaultModel() };
  }

  /** Hidden and empty queries are not sent: a model query needs a metric, a rows query a column. */
  filterQuery(query: SemantestQuery): boolean {
    if (query.hide) {
      return false;
    }
    if (query.queryType !== 'model' && query.queryType !== undefined) {
      return true;
    }
    return isRows(query.shape) ? (query.columns?.length ?? 0) > 0 : (query.metrics?.length ?? 1) > 0;
  }

  /**
   * Runs before a query leaves the browser: migrate saved queries to the current model version,
   * resolve template variables in filter values (multi-value → `in`), add ad hoc filters.
   */
  applyTemplateVariables(query: SemantestQuery, scopedVars: ScopedVars, adhoc?: AdHocVariableFilter[]): SemantestQuery {
    const q = migrateQuery(query);
    if ((q.queryType ?? 'model') === 'stream') {
      return q;
    }
    const srv = getTemplateSrv();
    const filters = interpolateFilters(q.filters ?? [], srv, scopedVars);
    for (const f of adhoc ?? []) {
      filters.push(toFilter(f));
    }
    return {
      ...q,
      filters,
      legendFormat: q.legendFormat ? srv.replace(q.legendFormat, scopedVars) : q.legendFormat,
      ...(q.compare ? { compare: interpolateCompare(q.compare, (v) => srv.replace(v, scopedVars)) } : {}),
    };
  }

  query(request: DataQueryRequest<SemantestQuery>): Observable<DataQueryResponse> {
    return super.query(request);
  }

  catalog(): Promise<CatalogResponse> {
    if (!this.#catalog) {
      this.#catalog = this.getResource<CatalogResponse>('catalog');
      this.#catalog.catch(() => (this.#catalog = undefined));
    }
    return this.#catalog;
  }

  /**
   * Datasets this user may query, from the backend's catalog (test results, runs, performance,
   * errors, and the intelligence and audit datasets later issues added); the built-in four when
   * the catalog cannot be read.
   */
  async getDatasets(): Promise<Array<{ id: string; title: string }>> {
    try {
      const cat = await this.catalog();
      const list = (cat.datasets ?? []).filter((d) => d.queryable !== false).map((d) => ({ id: d.id, title: d.title ?? d.id }));
      if (list.length > 0) {
        return list;
      }
    } catch {
      // fall through
    }
    return DATASETS.map((id) => ({ id, title: id }));
  }

  /**
   * Dimensions the backend's catalog offers (`GET /api/v1/catalog` answers
   * `{ datasets: [{ id, dimensions: [{ id, description }], labels, queryable }] }`):
   * those of `dataset` when given, else the union over queryable datasets, in catalog
   * order. Falls back to the built-in list if the catalog cannot be read.
   */
  async getDimensions(dataset?: string): Promise<CatalogDimension[]> {
    try {
      const cat = await this.catalog();
      const datasets = (cat.datasets ?? []).filter((d) => (dataset ? d.id === dataset : d.queryable !== false));
      const seen = new Map<string, CatalogDimension>();
      for (const d of datasets) {
        for (const dim of d.dimensions ?? []) {
          if (!seen.has(dim.id)) {
            seen.set(dim.id, { name: dim.id, label: dim.description || undefined });
          }
        }
      }
      if (seen.size > 0) {
        return [...seen.values()];
      }
    } catch {
      // fall through: the editor stays usable with the static list
    }
    return DIMENSIONS.map((name) => ({ name }));
  }

  /**
   * Per dataset: the metric functions and numeric fields its catalog entry lists, the shapes it
   * answers (absent = all) and whether it takes `compare`. Empty when the catalog cannot be read:
   * the editor then keeps its built-in lists.
   */
  async getDatasetSpecs(): Promise<Record<string, DatasetSpec>> {
    try {
      const cat = await this.catalog();
      const out: Record<string, DatasetSpec> = {};
      for (const d of cat.datasets ?? []) {
        const metrics = d.metrics ?? [];
        out[d.id] = {
          dimensions: (d.dimensions ?? []).map((x) => x.id),
          metricFns: [...new Set(metrics.map((m) => m.fn))],
          metricFields: [...new Set(metrics.flatMap((m) => m.fields ?? []))],
          shapes: d.shapes,
          compare: d.compare !== undefined,
          ...(d.rowColumns ? { rowColumns: d.rowColumns } : {}),
          ...(d.labels ? { labels: true } : {}),
        };
      }
      return out;
    } catch {
      return {};
    }
  }

  /**
   * Distinct values of a dimension, searched server-side (tenant and policies applied there), in the
   * query's dataset and time range when given: a field only one dataset has (run_diff's `change`)
   * is found, and a comparison dataset's rows exist only for a time range. Enumerations
   * (FIXED_VALUES) are filtered here without a request.
   */
  async getValues(dimension: string, search = '', limit = 100, scope: ValuesScope = {}): Promise<string[]> {
    const fixed = FIXED_VALUES[dimension];
    if (fixed) {
      const needle = search.toLowerCase();
      return fixed.filter((v) => v.toLowerCase().includes(needle)).slice(0, limit);
    }
    const res = await this.getResource<{ values: string[] }>(`values/${encodeURIComponent(dimension)}`, {
      q: search,
      limit,
      ...(scope.dataset ? { dataset: scope.dataset } : {}),
      ...(scope.range ? { from: scope.range.from.valueOf(), to: scope.range.to.valueOf() } : {}),
    });
    return res.values ?? [];
  }

  async getTagKeys(_?: DataSourceGetTagKeysOptions<SemantestQuery>): Promise<MetricFindValue[]> {
    const dims = await this.getDimensions();
    return dims.map((d) => ({ text: d.name }));
  }

  async getTagValues(options: DataSourceGetTagValuesOptions<SemantestQuery>): Promise<MetricFindValue[]> {
    const values = await this.getValues(options.key, '', 100, { range: options.timeRange });
    return values.map((text) => ({ text }));
  }
}
