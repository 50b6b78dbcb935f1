/**
 * The shape every SQL builder here returns: ClickHouse text with `{name:Type}`
 * placeholders and the values to bind. Invariant: no value is ever printed
 * into the text, and every reference to a table carries
 * `tenant_id = {tenant:String}` (checked by the tests).
 */
export interface BoundSql {
  sql: string;
  params: Record<string, string | number | string[]>;
}

/** ClickHouse DateTime64 text for a bound parameter. */
export function chTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** ClickHouse's JSON output of DateTime64(3,'UTC') back to epoch ms. */
export function parseChTime(value: string): number {
  return Date.parse(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}
