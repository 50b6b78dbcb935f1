/** Pages read the API client from context so tests and the harness can hand them a configured one. */
import React, { createContext, useContext } from 'react';

import type { SemantestApi } from './client';

const ApiContext = createContext<SemantestApi | null>(null);

export function ApiProvider({ api, children }: { api: SemantestApi; children: React.ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): SemantestApi {
  const api = useContext(ApiContext);
  if (!api) {
    throw new Error('useApi() outside <ApiProvider>: the app root provides it once a datasource is configured');
  }
  return api;
}
