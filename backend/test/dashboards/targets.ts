/** Walks generated dashboards: every panel with its targets, every template variable. */
import type { Dashboard } from '@semantest/dashboards';
import type { SemantestTarget, VariableQuery } from '@semantest/dashboards';

export interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: SemantestTarget[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: Record<string, unknown> };
  datasource?: { type: string; uid: string };
  repeat?: string;
}

export interface TargetRef {
  dashboard: string;
  panel: string;
  target: SemantestTarget;
  /** The panel the target belongs to (absent for dashboard annotations). */
  json?: PanelJson;
}

export const panelsOf = (d: Dashboard) => (d.panels ?? []) as unknown as PanelJson[];

export function targetsOf(dashboards: readonly Dashboard[]): TargetRef[] {
  return dashboards.flatMap((d) => [
    ...panelsOf(d).flatMap((p) => (p.targets ?? []).map((target) => ({ dashboard: d.uid ?? '', panel: p.title, target, json: p }))),
    ...((d.annotations?.list ?? []) as Array<{ name: string; target?: SemantestTarget }>)
      .filter((a) => a.target !== undefined)
      .map((a) => ({ dashboard: d.uid ?? '', panel: `annotation ${a.name}`, target: a.target! })),
  ]);
}

export interface VariableJson {
  name: string;
  type: string;
  query: VariableQuery;
  datasource: { type: string; uid: string };
}

export const variablesOf = (d: Dashboard) => (d.templating?.list ?? []) as unknown as VariableJson[];
