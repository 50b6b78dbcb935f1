export { computeSignature, type ErrorInput, type Signature } from './compute.ts';
export { normalizeText } from './normalize.ts';
export { topFrame, parseFrames } from './frames.ts';
export { compileRules, unsafeReason, type SignatureRule, type CompiledRule } from './rules.ts';
export { clustersSql, clustersRawSql, wholeDays, type ClustersQuery, type ClusterRow } from './clusters-sql.ts';
