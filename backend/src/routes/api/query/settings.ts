/**
 * PUT /api/v1/security/settings ({denyByDefault, servicePrincipalRole, permissions})
 * PUT /api/v1/tenant/retention ({days}) and PUT /api/v1/security/encryption
 * ({enabled, fields, allowedRoles, rotate}: encryption at rest), POST …/encryption/reencrypt.
 * Admin only, audited.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireOperation } from '../../../security/permissions.ts';
import { OPERATIONS, ROLES } from '../../../security/access-settings.ts';
import { setRetention } from '../../../security/retention.ts';
import type { OrgRole } from '../../../query/index.ts';
import { ADMIN_ROUTE, auditAdmin } from './admin-audit.ts';
import { ENCRYPTABLE_FIELDS, type EncryptAtRest } from '../../../security/encryption/settings.ts';

const Role = Type.Enum([...ROLES]);
const SettingsBody = Type.Object({
  denyByDefault: Type.Optional(Type.Boolean()),
  servicePrincipalRole: Type.Optional(Role),
  permissions: Type.Optional(Type.Object(Object.fromEntries(OPERATIONS.filter((o) => o !== 'admin').map((o) => [o, Type.Optional(Role)])), { additionalProperties: false })),
}, { additionalProperties: false });

const EncryptionBody = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  fields: Type.Optional(Type.Array(Type.Enum([...ENCRYPTABLE_FIELDS]), { uniqueItems: true })),
  allowedRoles: Type.Optional(Type.Array(Role, { uniqueItems: true })),
  rotate: Type.Optional(Type.Boolean({ description: 'Start a new key version; rows written before stay readable.' })),
}, { additionalProperties: false });

export default async function settingsRoutes(app: FastifyInstance) {
  const config = ADMIN_ROUTE;
  app.put('/api/v1/security/encryption', { config, schema: { tags: ['admin'], summary: 'Encryption at rest of stack traces and stdout/stderr; key rotation', body: EncryptionBody } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const b = request.body as Partial<Omit<EncryptAtRest, 'currentVersion'>> & { rotate?: boolean };
    const next = await app.services.security.setEncryptAtRest(access.auth.tenant, b);
    auditAdmin(app, access, 'security.encryption', access.auth.tenant.slug, { change: b, currentVersion: next.currentVersion }, 'high');
    return next;
  });
  app.post('/api/v1/security/encryption/reencrypt', { config, schema: { tags: ['admin'], summary: 'Rewrite older values under the current key version (waits for the mutation)' } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const s = await app.services.security.reencrypt(access.auth.tenant, app.services.analytics);
    auditAdmin(app, access, 'security.encryption.reencrypt', access.auth.tenant.slug, { currentVersion: s.currentVersion }, 'high');
    return { currentVersion: s.currentVersion, fields: s.fields };
  });
  app.put('/api/v1/security/settings', { config, schema: { tags: ['admin'], summary: 'Deny-by-default, service principal role, operation permissions', body: SettingsBody } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const b = request.body as { denyByDefault?: boolean; servicePrincipalRole?: OrgRole; permissions?: Record<string, OrgRole> };
    const tenant = access.auth.tenant;
    if (b.denyByDefault !== undefined) await app.services.security.setDenyByDefault(tenant, b.denyByDefault);
    if (b.servicePrincipalRole !== undefined || b.permissions !== undefined) {
      await app.services.security.setAccess(tenant, {
        ...(b.servicePrincipalRole ? { servicePrincipalRole: b.servicePrincipalRole } : {}),
        ...(b.permissions ? { permissions: { ...(await app.services.security.load(tenant)).access.permissions, ...b.permissions } } : {}),
      });
    }
    auditAdmin(app, access, 'security.settings', tenant.slug, { change: b }, 'high');
    const now = await app.services.security.load(tenant);
    return { denyByDefault: now.settings.denyByDefault, ...now.access };
  });
  app.put('/api/v1/tenant/retention', { config, schema: { tags: ['admin'], summary: 'Retention in days (new and existing rows)', body: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650 }) }, { additionalProperties: false }) } }, async (request) => {
    const access = await requireOperation(request, 'admin');
    const { days } = request.body as { days: number };
    const updated = await setRetention(app.services.analytics, app.services.tenants, access.auth.tenant, days);
    auditAdmin(app, access, 'tenant.retention', access.auth.tenant.slug, { from: access.auth.tenant.retentionDays, to: days }, 'high');
    return { retentionDays: updated.retentionDays };
  });
}
