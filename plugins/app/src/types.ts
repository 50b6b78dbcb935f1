/**
 * The app's settings (jsonData). The app holds no key of its own: every call goes through the
 * chosen Semantest datasource's resource handler, which adds the tenant key and the caller's
 * Grafana identity server-side (issue #4: the app never talks to the backend directly).
 */
export interface AppSettings {
  /** uid of the semantest-analytics-datasource instance to use. */
  datasourceUid?: string;
}
