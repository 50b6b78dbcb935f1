/**
 * Names shared by the provisioning files (provisioning/*) and the CLI. Stable
 * uids are what make re-running converge: every object is looked up by uid,
 * then created or updated, never created twice.
 */
import { fileURLToPath } from 'node:url';

export const DATASOURCE = { uid: 'semantest', name: 'Semantest', type: 'semantest-analytics-datasource' } as const;
export const FOLDER = { uid: 'semantest', title: 'Semantest' } as const;
export const APP_PLUGIN_ID = 'semantest-analytics-app';
export const PANEL_PLUGIN_IDS = ['semantest-healthmatrix-panel', 'semantest-failureclusters-panel', 'semantest-runtimeline-panel'] as const;
/** Keys the provisioner creates carry this name; only these are rotated away on re-run. */
export const PROVISIONED_KEY_NAME = 'grafana datasource (provisioned)';
/** Datasource jsonData field naming the key (id, not secret) the datasource holds. */
export const KEY_ID_FIELD = 'semantestKeyId';

export const DEFAULT_PROVISIONING_DIR = fileURLToPath(new URL('../../../../provisioning/', import.meta.url));
