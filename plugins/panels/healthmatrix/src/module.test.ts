import { registerStandardEditors } from '../../shared/src/testing/registries';
import { plugin } from './module';
import { defaultOptions } from './types';

// Grafana's app registers the option editors at boot; tests register the same ids.
registerStandardEditors();

describe('panel plugin definition', () => {
  it('builds its options editor and exposes the defaults Grafana stores for a new panel', () => {
    expect(plugin.panel).toBeDefined();
    // Every option the editor offers with a default, and no other, matches types.ts.
    expect(plugin.defaults).toEqual(defaultOptions);
  });

  it('declares field-config defaults for thresholds and colour (units via field config)', () => {
    const { defaults } = plugin.fieldConfigDefaults;
    expect(defaults.color).toEqual({ mode: 'thresholds' });
    expect(defaults.thresholds?.steps.length).toBe(3);
    expect(typeof defaults.unit).toBe('string');
  });
});
