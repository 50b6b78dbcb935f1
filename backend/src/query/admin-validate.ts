import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { FilterSchema, isDimension, isLabelRef, validateQuery } from '@semantest/query-model';
import { POLICY_VARIABLES } from './passes/policy-values.ts';

const Role = Type.Enum(['Viewer', 'Editor', 'Admin'] as const);

/** Schemas for the admin API (create/update policies and masking rules). */
export const RowPolicySchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  condition: Type.Array(FilterSchema, { maxItems: 20 }),
  appliesTo: Type.Object({
    everyone: Type.Optional(Type.Literal(true)),
    roles: Type.Optional(Type.Array(Role, { maxItems: 3 })),
    users: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 320 }), { maxItems: 1000 })),
  }, { additionalProperties: false }),
}, { additionalProperties: false });

export const MaskingRuleSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  field: Type.String({ pattern: '^(?:error_message|error_stack|stdout|stderr|name|label:[A-Za-z0-9_./-]{1,100})$' }),
  method: Type.Enum(['redact', 'hash', 'partial', 'tokenize', 'null'] as const),
  exemptRoles: Type.Optional(Type.Array(Role, { maxItems: 3 })),
}, { additionalProperties: false });

type Issues = { path: string; message: string }[];
const schemaIssues = (schema: TSchema, v: unknown): Issues =>
  Value.Errors(schema, v).map((e) => ({ path: e.instancePath || '/', message: e.message }));

/** Readable problems with a policy, [] when valid: schema, known fields/ops, known ${variables}. */
export function validatePolicy(input: unknown): Issues {
  if (!Value.Check(RowPolicySchema, input)) return schemaIssues(RowPolicySchema, input);
  const issues: Issues = [];
  const check = validateQuery({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], filters: input.condition, shape: 'table' });
  if (!check.ok) issues.push(...check.errors.filter((e) => !e.message.startsWith('unknown field')).map((e) => ({ path: e.path.replace('/filters', '/condition'), message: e.message })));
  input.condition.forEach((c, i) => {
    // any dataset's field is allowed (a policy spans datasets); sources lacking it deny (fail closed)
    if (!isDimension(c.field) && !isLabelRef(c.field)) issues.push({ path: `/condition/${i}/field`, message: `unknown field "${c.field}"` });
    const values = Array.isArray(c.value) ? c.value : [c.value];
    for (const v of values) {
      for (const m of String(v ?? '').matchAll(/\$\{([^}]*)\}/g)) {
        if (!(POLICY_VARIABLES as readonly string[]).includes(m[1] ?? '')) issues.push({ path: `/condition/${i}/value`, message: `unknown variable \${${m[1]}}` });
      }
    }
  });
  const a = input.appliesTo;
  if (!a.everyone && !(a.roles?.length) && !(a.users?.length)) issues.push({ path: '/appliesTo', message: 'policy applies to nobody' });
  return issues;
}

export function validateMaskingRule(input: unknown): Issues {
  return Value.Check(MaskingRuleSchema, input) ? [] : schemaIssues(MaskingRuleSchema, input);
}
