import { migrateQuery } from './migrate.ts';
import { validateQuery } from './validate.ts';
import { QueryModelError } from './errors.ts';
import type { Query } from './query.ts';

/** migrate → validate, throwing a coded QueryModelError with every issue listed. */
export function parseQuery(input: unknown): Query {
  const result = validateQuery(migrateQuery(input));
  if (result.ok) return result.query;
  const summary = result.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw new QueryModelError('QUERY_INVALID', `invalid query: ${summary}`, result.errors);
}
