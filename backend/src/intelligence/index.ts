/** Public surface of the test-intelligence modules (see README.md). */
export * from './types.ts';
export type { BoundSql } from './sql.ts';
export * from './signature/index.ts';
export * from './monitors/index.ts';
export * from './quarantine/index.ts';
export * from './diff/index.ts';
export * from './regressions/index.ts';
export * from './owners/index.ts';
