import type { AnnotationQuery, AnnotationSupport } from '@grafana/data';

import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import type { SemantestQuery } from './types';

/**
 * Annotations run through QueryData like any query (queryType "annotations"); the Go backend asks
 * POST /api/v1/annotations and returns a frame with time, timeEnd, title, text and tags, which
 * Grafana turns into annotation events itself.
 */
export const annotationSupport: AnnotationSupport<SemantestQuery> = {
  QueryEditor: AnnotationQueryEditor,
  getDefaultQuery: () => ({ queryType: 'annotations', annotationKind: 'failed_runs', filters: [] }),
  prepareQuery(anno: AnnotationQuery<SemantestQuery>): SemantestQuery | undefined {
    const target = anno.target;
    if (!target) {
      return undefined;
    }
    return { ...target, refId: target.refId || 'Anno', queryType: 'annotations', annotationKind: target.annotationKind ?? 'failed_runs' };
  },
};
