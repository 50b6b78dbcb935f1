/** Request schemas shared by the operator routes. */
import { ProblemSchema } from '../api/ingest/accept.ts';

export const SlugParams = {
  type: 'object',
  required: ['slug'],
  properties: { slug: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } },
} as const;

export const operatorRoute = (summary: string) => ({
  tags: ['operator'],
  summary,
  security: [{ bearer: [] }], // the bearer here is the operator token, not a tenant key
  response: { '4xx': ProblemSchema },
});
