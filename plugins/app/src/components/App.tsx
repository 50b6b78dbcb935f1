/**
 * App root: picks the page from the URL (Exports is the default), wraps it in Grafana's
 * PluginPage (title, breadcrumbs, nav from plugin.json `includes`), and provides the API client
 * bound to the configured datasource. Without one, it says where to configure it.
 */
import React, { useMemo } from 'react';
import type { AppRootProps } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { LinkButton } from '@grafana/ui';

import { SemantestApi } from '../api/client';
import { ApiProvider } from '../api/context';
import { PAGES, PLUGIN_ID } from '../constants';
import { usePathname } from '../hooks/usePathname';
import type { AppSettings } from '../types';
import { Empty } from './common/States';
import { ExportsPage } from './exports/ExportsPage';
import { ReportsPage } from './reports/ReportsPage';

export function App(props: AppRootProps<AppSettings>) {
  const pathname = usePathname();
  const uid = props.meta.jsonData?.datasourceUid;
  const api = useMemo(() => (uid ? new SemantestApi(uid) : null), [uid]);
  const page = pathname.startsWith(PAGES.reports) ? 'reports' : 'exports';

  if (!api) {
    return (
      <PluginPage>
        <Empty message="Pick a Semantest datasource first">
          <LinkButton href={`plugins/${PLUGIN_ID}`} icon="cog">
            Open the app configuration
          </LinkButton>
        </Empty>
      </PluginPage>
    );
  }
  return (
    <PluginPage>
      <ApiProvider api={api}>{page === 'reports' ? <ReportsPage /> : <ExportsPage />}</ApiProvider>
    </PluginPage>
  );
}
