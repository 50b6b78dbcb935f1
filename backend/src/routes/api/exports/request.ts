/**
 * The export request a one-off job and a schedule share: its schema, and its
 * check against the caller (the query is compiled now under the caller's
 * context, so a bad query or pivot is a 400 here, not a failed job later).
 * The export's own `limit` replaces the model's panel-sized row cap.
 */
import { Type, type Static } from 'typebox';
import { compileQuery } from '../../../query/index.ts';
import { compileContext } from '../../../queries/context.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import { EXPORT_COMPRESSIONS, EXPORT_FORMATS } from '../../../exports/formats.ts';
import { checkPivot, MAX_PIVOT_COLUMNS } from '../../../exports/pivot.ts';
import type { ExportRequest } from '../../../exports/schedule/types.ts';
import type { RequestAccess } from '../../../security/request-access.ts';

export const RequestFields = {
  query: Type.Object({}, { additionalProperties: true }),
  format: Type.Enum([...EXPORT_FORMATS]),
  compression: Type.Optional(Type.Enum([...EXPORT_COMPRESSIONS])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
  pivot: Type.Optional(
    Type.Object(
      {
        field: Type.String({ minLength: 1, maxLength: 100 }),
        maxColumns: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PIVOT_COLUMNS })),
      },
      { additionalProperties: false }
    )
  ),
};
const _requestSchema = Type.Object(RequestFields);
type RequestBody = Static<typeof _requestSchema>;

/** Validates the request against the caller's compile context; returns what the job stores. */
export function prepareRequest(access: RequestAccess, body: RequestBody): ExportRequest {
  const { limit: _panelLimit, ...query } = body.query as Record<string, unknown>;
  if (body.pivot) checkPivot(query, body.pivot);
  try {
    compileQuery(query, compileContext(access));
  } catch (err) {
    throw toAppError(err);
  }
  return {
    query,
    format: body.format,
    ...(body.compression ? { compression: body.compression } : {}),
    ...(body.limit ? { limit: body.limit } : {}),
    ...(body.pivot ? { pivot: body.pivot } : {}),
  };
}
