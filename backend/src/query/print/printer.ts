import { assertNever, type Expr } from '../ast/expr.ts';
import type { SelectNode } from '../ast/select.ts';
import type { Source, TableNode } from '../ast/table.ts';
import { COMPARE_OPS } from '../ast/compare.ts';
import { QueryCompileError } from '../errors.ts';
import { escapeIdentifier } from './escape.ts';
import { checkFunction } from './functions.ts';
import { sourceOf } from '../model/sources.ts';

export interface PrintedQuery {
  readonly sql: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The only place SQL text is produced. Invariants:
 *  - values appear only as `{name:Type}` placeholders (there is no literal printer);
 *  - identifiers only through escapeIdentifier, functions only from the allowlist;
 *  - a table reference the tenant guard has not marked is refused (fail closed).
 */
export function printSelect(root: SelectNode): PrintedQuery {
  const params: Record<string, unknown> = {};
  let next = 0;

  const bind = (value: unknown, type: string): string => {
    const name = `p${next++}`;
    params[name] = value;
    return `{${name}:${type}}`;
  };
  const bindNamed = (name: string, value: string): string => {
    if (name in params && params[name] !== value) throw new QueryCompileError('QUERY_INTERNAL', 'conflicting context parameter', false);
    params[name] = value;
    return `{${name}:String}`;
  };

  const expr = (e: Expr): string => {
    switch (e.kind) {
      case 'column': return (e.table ? `${escapeIdentifier(e.table)}.` : '') + escapeIdentifier(e.name);
      case 'label': return (e.table ? `${escapeIdentifier(e.table)}.` : '') + `${escapeIdentifier('labels')}[${bind(e.key, 'String')}]`;
      case 'param': return bind(e.value, e.type);
      case 'named_param': return bindNamed(e.name, e.value);
      case 'call': {
        const levels = e.levels ? `(${e.levels.map(expr).join(', ')})` : '';
        return `${checkFunction(e.fn)}${levels}(${e.args.map(expr).join(', ')})`;
      }
      case 'compare':
        if (!COMPARE_OPS.includes(e.op)) throw new QueryCompileError('QUERY_INTERNAL', 'bad operator', false);
        return `${expr(e.left)} ${e.op} ${expr(e.right)}`;
      case 'and': return e.items.length === 0 ? '1' : e.items.map((i) => `(${expr(i)})`).join(' AND ');
      case 'or': return e.items.length === 0 ? '0' : e.items.map((i) => `(${expr(i)})`).join(' OR ');
      case 'not': return `NOT (${expr(e.item)})`;
      case 'deny_all': return '0';
      case 'ref': return escapeIdentifier(e.name);
      case 'null': return 'NULL';
      case 'in_subquery': return `${expr(e.expr)} ${e.negated ? 'NOT IN' : 'IN'} (${selectSql(e.query)})`;
      case 'lambda': return `(${e.params.map(escapeIdentifier).join(', ')}) -> ${expr(e.body)}`;
      case 'metric': throw new QueryCompileError('QUERY_INTERNAL', 'metric reached the printer unlowered', false);
      default: return assertNever(e);
    }
  };

  const tableSql = (t: TableNode): string => {
    if (t.guard === 'unguarded') throw new QueryCompileError('QUERY_UNGUARDED_TABLE', `table reference without tenant guard`, false);
    // FINAL is a property of the physical table (a ReplacingMergeTree mirror), not of a pass,
    // so no rewrite can drop it.
    const final = sourceOf(t.name)?.final ? ' FINAL' : '';
    return escapeIdentifier(t.name) + (t.alias ? ` AS ${escapeIdentifier(t.alias)}` : '') + final;
  };

  const source = (s: Source): string => {
    switch (s.kind) {
      case 'table': return tableSql(s);
      case 'subquery': return `(${selectSql(s.query)}) AS ${escapeIdentifier(s.alias)}`;
      case 'join': {
        const right = s.right.kind === 'table' ? tableSql(s.right) : `(${selectSql(s.right.query)}) AS ${escapeIdentifier(s.right.alias)}`;
        return `${source(s.left)} ${s.type} JOIN ${right} ON ${expr(s.on)}`;
      }
      default: return assertNever(s);
    }
  };

  const selectSql = (s: SelectNode): string => {
    const parts = [
      `SELECT ${s.distinct ? 'DISTINCT ' : ''}${s.projections.map((p) => `${expr(p.expr)} AS ${escapeIdentifier(p.name)}`).join(', ')}`,
      `FROM ${source(s.from)}`,
    ];
    if (s.where) parts.push(`WHERE ${expr(s.where)}`);
    if (s.groupBy.length > 0) parts.push(`GROUP BY ${s.groupBy.map(expr).join(', ')}`);
    if (s.orderBy.length > 0) parts.push(`ORDER BY ${s.orderBy.map((o) => `${expr(o.expr)} ${o.dir}`).join(', ')}`);
    if (s.limit) parts.push(`LIMIT ${expr(s.limit)}`);
    return parts.join(' ');
  };

  return { sql: selectSql(root), params };
}
