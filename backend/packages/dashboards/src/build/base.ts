/**
 * What every Semantest dashboard shares: fixed uid (same in every org), the `semantest` tag, a
 * read-only model (provisioned; edits belong in this package), the scope variables, and a link
 * menu to the other Semantest dashboards that keeps the time range and the variables.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DashboardLinkBuilder, DashboardLinkType } from '@grafana/grafana-foundation-sdk/dashboard';
import { scopeVariables } from './variables.ts';

export const SEMANTEST_TAG = 'semantest';

export interface BaseSpec {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** Default time range start, e.g. `now-1h`. */
  readonly from: string;
  readonly refresh: string;
}

export function baseDashboard(ds: DataSourceRef, spec: BaseSpec): DashboardBuilder {
  return new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .tags([SEMANTEST_TAG, ...spec.tags])
    .readonly()
    .time({ from: spec.from, to: 'now' })
    .refresh(spec.refresh)
    .variables(scopeVariables(ds))
    .link(new DashboardLinkBuilder('Semantest').type(DashboardLinkType.Dashboards).tags([SEMANTEST_TAG]).asDropdown(true).includeVars(true).keepTime(true));
}
