/** One audit record per admin change (medium risk: it changes who sees what). */
export { auditChange as auditAdmin } from '../../../audit/audit-change.ts';

export const ADMIN_ROUTE = { keyKinds: ['query', 'admin', 'grafana'] as const };
