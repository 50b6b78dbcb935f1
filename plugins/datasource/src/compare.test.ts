import { afterKind, beforeKind, beforeSide, buildCompare, draftOf } from './compare';
import { installTemplateSrv, makeDataSource } from './__fixtures__/grafana';
import type { SemantestQuery } from './types';

const diff: SemantestQuery = {
  refId: 'A', version: 1, dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['test'], filters: [], shape: 'table',
};

describe('compare in applyTemplateVariables', () => {
  it('resolves $variables in run, commit and branch of both sides and leaves windows alone', () => {
    installTemplateSrv({ base: 'r41', sha: '9f3c2e1', branch: 'feature/x' });
    const ds = makeDataSource();
    const q = ds.applyTemplateVariables(
      { ...diff, compare: { before: { run: '$base' }, after: { commit: '${sha}' } } },
      {}
    );
    expect(q.compare).toEqual({ before: { run: 'r41' }, after: { commit: '9f3c2e1' } });
    const w = ds.applyTemplateVariables(
      { ...diff, compare: { before: { from: '2026-11-01', to: 1764547200000, branch: 'main' }, after: { branch: '$branch' } } },
      {}
    );
    expect(w.compare).toEqual({ before: { from: '2026-11-01', to: 1764547200000, branch: 'main' }, after: { branch: 'feature/x' } });
  });

  it('adds no compare to queries without one', () => {
    installTemplateSrv({});
    const q = makeDataSource().applyTemplateVariables(diff, {});
    expect('compare' in q).toBe(false);
  });
});

describe('compare kinds', () => {
  it('reads saved sides back into the kind that wrote them', () => {
    for (const side of [{ run: 'r1' }, { commit: 'abc' }, { branch: 'main' }, { branch: 'main', period: 'same' as const }, { period: 'same' as const }, { from: 1, to: 2 }]) {
      const k = beforeKind(side);
      expect(beforeSide(k, draftOf(side))).toEqual(side);
    }
    expect(beforeKind(undefined)).toBe('previous');
    expect(afterKind({ branch: 'x' })).toBe('branch');
    expect(afterKind(undefined)).toBe('range');
  });

  it('writes nothing for default or unfilled sides', () => {
    expect(beforeSide('previous', {})).toBeUndefined();
    expect(beforeSide('run', { run: '  ' })).toBeUndefined();
    expect(beforeSide('window', { from: '2026-11-01' })).toBeUndefined();
    expect(buildCompare(undefined, undefined)).toBeUndefined();
  });
});
