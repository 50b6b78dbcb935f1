/** The current Grafana location's pathname, following in-app navigation (no router dependency). */
import { useEffect, useState } from 'react';
import { locationService } from '@grafana/runtime';

export function usePathname(): string {
  const [pathname, setPathname] = useState(() => locationService.getLocation().pathname);
  useEffect(
    () => locationService.getHistory().listen((location: { pathname: string }) => setPathname(location.pathname)),
    []
  );
  return pathname;
}
