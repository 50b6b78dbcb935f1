import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { QueryModel } from './queryModel';

/**
 * - `model` (default): a query-model query sent to POST /api/v1/query.
 * - `stream`: live batch counts over Grafana Live (the Go backend relays /api/v1/stream).
 * - `annotations`: failed runs / new failures as annotation events.
 */
export type SemantestQueryType = 'model' | 'stream' | 'annotations';

export type AnnotationKind = 'failed_runs' | 'new_failures';

export interface SemantestQuery extends DataQuery, Partial<Omit<QueryModel, 'refId'>> {
  queryType?: SemantestQueryType;
  /**
   * Bucket width chosen in the editor. Not stored as the model's `intervalMs`: @grafana/runtime
   * overwrites `intervalMs` on every query with the panel's interval. The Go backend moves it into
   * the model; without it the backend buckets by Grafana's interval.
   */
  bucketIntervalMs?: number;
  /** e.g. `{{project}} {{branch}}`; applied to series names by the Go backend. */
  legendFormat?: string;
  annotationKind?: AnnotationKind;
}

/** Non-secret settings (jsonData); safe to show in the browser. */
export interface SemantestOptions extends DataSourceJsonData {
  url?: string;
  timeoutSeconds?: number;
  streamMaxPerSecond?: number;
}

/** Secret settings: written by the browser, readable only by the Go backend. */
export interface SemantestSecureJsonData {
  apiKey?: string;
}

/** Variable query: values of one dimension, optionally searched. */
export interface SemantestVariableQuery {
  refId: string;
  dimension: string;
  search?: string;
  limit?: number;
}

export interface CatalogDimension {
  name: string;
  label?: string;
}

/** The part of `GET /api/v1/catalog` the editor reads (shape: CatalogDataset in @semantest/query-model). */
export interface CatalogResponse {
  datasets?: Array<{
    id: string;
    title?: string;
    dimensions?: Array<{ id: string; description?: string }>;
    metrics?: Array<{ fn: string; fields?: string[]; description?: string }>;
    /** Present when the dataset answers only these shapes (run_diff: table, single). */
    shapes?: string[];
    /** Present (a description) when the dataset takes the `compare` parameter. */
    compare?: string;
    /** Whether `label:<key>` fields apply (the rows carry a labels map). */
    labels?: boolean;
    /** Columns of the `rows` shape; absent: the dataset does not answer raw rows. */
    rowColumns?: RowColumn[];
    queryable?: boolean;
  }>;
}

/** A column a `rows` query may select (CatalogRowColumn in @semantest/query-model). */
export interface RowColumn {
  id: string;
  type: 'time' | 'number' | 'string';
  unit?: string;
  description?: string;
}

/** What the builder offers for one dataset, read from its catalog entry. */
export interface DatasetSpec {
  dimensions: string[];
  metricFns: string[];
  metricFields: string[];
  shapes?: string[];
  compare: boolean;
  /** The `rows` shape's columns; absent when the dataset has no raw rows. */
  rowColumns?: RowColumn[];
  /** Whether `label:<key>` columns and fields apply. */
  labels?: boolean;
}
