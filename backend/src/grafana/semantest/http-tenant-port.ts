/**
 * TenantPort over a running server's operator API (routes/operator). Problem
 * responses come back as AppErrors with the server's code, so the CLI prints
 * the same message either way.
 */
import { AppError } from '../../errors/app-error.ts';
import { ERROR_CODES, type ErrorCode } from '../../errors/codes.ts';
import type { ApiKeyInfo, Tenant } from '../../tenancy/types.ts';
import type { TenantPort } from './tenant-port.ts';

export function httpTenantPort(baseUrl: string, operatorToken: string, fetchImpl: typeof fetch = fetch): TenantPort {
  const root = baseUrl.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, body?: unknown, allow404 = false): Promise<T | null> {
    let res: Response;
    try {
      res = await fetchImpl(`${root}/api/v1/operator${path}`, {
        method,
        headers: { authorization: `Bearer ${operatorToken}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new Error(`cannot reach Semantest at ${root} (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}); check --semantest-url`);
    }
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (res.ok) return json as T;
    const code = json?.code as string | undefined;
    if (allow404 && code === 'TENANT_NOT_FOUND') return null;
    if (code && code in ERROR_CODES) throw new AppError(code as ErrorCode, String(json?.detail ?? json?.title ?? code));
    throw new Error(`Semantest operator API ${method} ${path} answered ${res.status}`);
  }
  const t = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;
  return {
    describe: `Semantest at ${root} (operator API)`,
    getTenant: async (slug) => (await call<{ tenant: Tenant }>('GET', t(slug), undefined, true))?.tenant ?? null,
    ensureTenant: async (slug, spec) => (await call<{ tenant: Tenant; created: boolean }>('PUT', t(slug), spec))!,
    listKeys: async (slug) => (await call<{ keys: ApiKeyInfo[] }>('GET', `${t(slug)}/keys`))!.keys,
    createKey: async (slug, kind, name) => (await call<{ key: string; info: ApiKeyInfo }>('POST', `${t(slug)}/keys`, { kind, name }))!,
    importKey: async (slug, kind, name, secret) => (await call<{ info: ApiKeyInfo; created: boolean }>('POST', `${t(slug)}/keys`, { kind, name, secret }))!,
    revokeKey: async (slug, keyId) => (await call<{ key: ApiKeyInfo }>('DELETE', `${t(slug)}/keys/${encodeURIComponent(keyId)}`))!.key,
    close: async () => undefined,
  };
}
