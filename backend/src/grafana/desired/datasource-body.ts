/**
 * The datasource every tenant org gets; provisioning/datasources/semantest.yaml
 * is the same entry for org 1 (a test holds them together).
 */
import { DATASOURCE, KEY_ID_FIELD } from './constants.ts';

export const DATASOURCE_JSON_DATA = { timeoutSeconds: 30, streamMaxPerSecond: 10 } as const;

export function datasourceBody(backendUrl: string, keyId: string, secret?: string) {
  return {
    name: DATASOURCE.name,
    type: DATASOURCE.type,
    uid: DATASOURCE.uid,
    access: 'proxy',
    isDefault: true,
    jsonData: { url: backendUrl, ...DATASOURCE_JSON_DATA, [KEY_ID_FIELD]: keyId },
    ...(secret ? { secureJsonData: { apiKey: secret } } : {}),
  };
}
