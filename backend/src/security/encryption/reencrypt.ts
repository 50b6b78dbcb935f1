/**
 * Optional re-encryption after a rotation (or after enabling encryption on a
 * tenant with older plaintext rows): one ALTER TABLE … UPDATE mutation per
 * field rewrites every value not yet under `target` into an envelope of the
 * target version. Readers keep working throughout: until the mutation reaches a
 * part, its rows still decrypt with their old version's key.
 *
 * Done in SQL so values never travel through Node. The IV is synthetic,
 * SHA-256(targetKey ‖ stored value)[1..12]: a mutation may not use random
 * functions, and the stored value of an old envelope is unique (random IV), so
 * no two different plaintexts share a nonce under one key. For legacy plaintext
 * rows equal values give equal envelopes (equality leaks, not content).
 */
import type { AnalyticsDriver } from '../../storage/analytics/driver.ts';
import { envelopePrefix } from './envelope.ts';
import type { FieldKeyring } from './keyring.ts';
import type { EncryptAtRest } from './settings.ts';

export async function reencryptTenant(analytics: AnalyticsDriver, tenantId: string, setting: EncryptAtRest, keyring: FieldKeyring): Promise<void> {
  const target = setting.currentVersion;
  const params: Record<string, string | number> = { tenant: tenantId, tkey: keyring.fieldKey(tenantId, target).toString('hex'), tprefix: envelopePrefix(target) };
  // Old version v: plaintext = tryDecrypt(…key v…); one multiIf branch per version, the key bound as {kv:String}.
  for (let v = 1; v < target; v++) {
    params[`k${v}`] = keyring.fieldKey(tenantId, v).toString('hex');
    params[`p${v}`] = envelopePrefix(v);
  }
  for (const field of setting.fields) {
    const col = `\`${field}\``; // from the fixed ENCRYPTABLE_FIELDS list
    const body = (v: number) => `tryBase64Decode(substring(${col}, length({p${v}:String}) + 1))`;
    const branches = Array.from({ length: target - 1 }, (_, i) => i + 1)
      .map((v) => `startsWith(${col}, {p${v}:String}), tryDecrypt('aes-256-gcm', substring(${body(v)}, 13), unhex({k${v}:String}), substring(${body(v)}, 1, 12))`)
      .join(', ');
    // Values that do not authenticate (wrong key, tampering) stay as they are: NULL plaintext → unchanged.
    const plain = branches ? `multiIf(${branches}, startsWith(${col}, 'enc:v'), NULL, ${col})` : `if(startsWith(${col}, 'enc:v'), NULL, ${col})`;
    const iv = `substring(SHA256(concat(unhex({tkey:String}), ${col})), 1, 12)`;
    const sealed = `concat({tprefix:String}, base64Encode(concat(${iv}, encrypt('aes-256-gcm', assumeNotNull(${plain}), unhex({tkey:String}), ${iv}))))`;
    await analytics.command(
      `ALTER TABLE test_results UPDATE ${col} = if(isNull(${plain}), ${col}, ${sealed})
       WHERE tenant_id = {tenant:String} AND ${col} != '' AND NOT startsWith(${col}, {tprefix:String})
       SETTINGS mutations_sync = 1`,
      params,
    );
  }
}
