/**
 * Enables our plugins in the org. Apps are off per org until enabled (POST
 * /api/plugins/:id/settings); panels are available in every org once
 * installed, so for them the GET only confirms they are installed. A plugin
 * Grafana does not have (404) is reported, not fatal: dashboards still load,
 * the panel shows "plugin not found" until it is mounted.
 */
import { APP_PLUGIN_ID, PANEL_PLUGIN_IDS } from '../desired/constants.ts';
import type { Outcome, StepContext } from './context.ts';

interface PluginSettings {
  id: string;
  enabled: boolean;
  pinned: boolean;
  jsonData?: Record<string, unknown> | null;
}

export async function ensurePlugins(ctx: StepContext): Promise<Record<string, Outcome>> {
  const out: Record<string, Outcome> = {};
  for (const id of [APP_PLUGIN_ID, ...PANEL_PLUGIN_IDS]) {
    const path = `/api/plugins/${id}/settings`;
    const have = await ctx.grafana.get<PluginSettings>(path, { orgId: ctx.orgId, allow: [404] });
    if (!have) {
      out[id] = 'skipped';
      ctx.progress(`plugin ${id}`, 'skipped', 'not installed in this Grafana');
      continue;
    }
    const isApp = id === APP_PLUGIN_ID;
    if (have.enabled && (!isApp || have.pinned)) {
      out[id] = 'unchanged';
    } else {
      await ctx.grafana.post(path, { enabled: true, pinned: isApp, jsonData: have.jsonData ?? {} }, { orgId: ctx.orgId });
      out[id] = 'updated';
    }
    ctx.progress(`plugin ${id}`, out[id]!, 'enabled');
  }
  return out;
}
