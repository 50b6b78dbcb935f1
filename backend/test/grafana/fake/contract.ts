/**
 * Body checks for the fake Grafana, written from Grafana's HTTP API docs
 * (orgs, data sources, folders, dashboards, plugin settings, alerting
 * provisioning). A body that breaks them gets Grafana's 400 and is recorded
 * as a contract violation, which fails the test.
 */
export class ContractViolation extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'integer';

function kindOf(v: unknown): Kind | 'null' | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as Kind | 'undefined';
}

/** `spec`: field → kind; a trailing `?` makes it optional; `|null` allows null. */
export function checkBody(body: unknown, spec: Record<string, string>, what: string, allowExtra = false): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (kindOf(body) !== 'object') throw new ContractViolation(`${what}: the body must be a JSON object`);
  const b = body as Record<string, unknown>;
  for (const [rawField, rawKind] of Object.entries(spec)) {
    const optional = rawField.endsWith('?');
    const field = optional ? rawField.slice(0, -1) : rawField;
    const kinds = rawKind.split('|');
    const k = kindOf(b[field]);
    if (k === 'undefined') {
      if (!optional) throw new ContractViolation(`${what}: "${field}" is required`);
      continue;
    }
    const ok = kinds.some((want) => want === k || (want === 'number' && k === 'integer'));
    if (!ok) throw new ContractViolation(`${what}: "${field}" must be ${rawKind}, got ${k}`);
  }
  if (!allowExtra) {
    const known = new Set(Object.keys(spec).map((f) => f.replace(/\?$/, '')));
    const extra = Object.keys(b).filter((f) => !known.has(f));
    if (extra.length) throw new ContractViolation(`${what}: fields Grafana does not define here: ${extra.join(', ')}`);
  }
  return b as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function oneOf(value: unknown, allowed: readonly string[], what: string): void {
  if (!allowed.includes(value as string)) throw new ContractViolation(`${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

export const DURATION = /^(\d+(ms|s|m|h|d|w))+$/;
