import type { Filter } from '@semantest/query-model';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

/** Who runs the query: a Grafana user (forwarded identity) or the tenant's service principal. */
export interface Principal {
  readonly kind: 'user' | 'service';
  readonly login?: string;
  readonly email?: string;
  readonly role?: OrgRole;
}

/**
 * A row-level policy. Conditions use the query model's filter syntax; string
 * values may contain ${user.login} ${user.email} ${user.role} ${tenant}
 * ${current_date} ${current_month}, substituted as BOUND parameters.
 */
export interface RowPolicy {
  readonly id: string;
  readonly name: string;
  readonly condition: readonly Filter[];
  readonly appliesTo: {
    readonly everyone?: true;
    readonly roles?: readonly OrgRole[];
    /** Logins or e-mails. */
    readonly users?: readonly string[];
  };
}

export type MaskedField = 'error_message' | 'error_stack' | 'stdout' | 'stderr' | 'name' | `label:${string}`;
export type MaskingMethod = 'redact' | 'hash' | 'partial' | 'tokenize' | 'null';

export interface MaskingRule {
  readonly id: string;
  readonly field: MaskedField;
  readonly method: MaskingMethod;
  /** Roles that see the raw value (and may resolve tokens). */
  readonly exemptRoles?: readonly OrgRole[];
}

export interface TenantSettings {
  /** With no applicable policy a user sees nothing (true) or all tenant rows (false). */
  readonly denyByDefault: boolean;
  /** Per-tenant secret keying hash and tokenize masking. */
  readonly maskingKey: string;
}

export interface CompileContext {
  readonly tenantId: string;
  readonly principal: Principal;
  readonly policies: readonly RowPolicy[];
  readonly maskingRules: readonly MaskingRule[];
  readonly tenantSettings: TenantSettings;
  readonly now: Date;
}
