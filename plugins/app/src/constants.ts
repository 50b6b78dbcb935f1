/** Plugin identity and the app's page paths (plugin.json `includes` use the same paths). */
export const PLUGIN_ID = 'semantest-analytics-app';
export const DATASOURCE_TYPE = 'semantest-analytics-datasource';
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

export const PAGES = {
  exports: `${PLUGIN_BASE_URL}/exports`,
  reports: `${PLUGIN_BASE_URL}/reports`,
} as const;

/** How often the Export Manager re-reads jobs while one is queued or running. */
export const EXPORT_POLL_MS = 2000;
