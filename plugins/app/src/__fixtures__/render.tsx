/** Renders a page the way the app root does: inside an ApiProvider bound to the test datasource. */
import React from 'react';
import { render } from '@testing-library/react';

import { SemantestApi } from '../api/client';
import { ApiProvider } from '../api/context';
import { DS_UID } from './backendSrv';

export function renderWithApi(ui: React.ReactElement) {
  return render(<ApiProvider api={new SemantestApi(DS_UID)}>{ui}</ApiProvider>);
}
