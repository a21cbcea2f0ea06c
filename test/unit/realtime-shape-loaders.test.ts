import { describe, expect, it } from 'vitest';
import { Loaders } from '../../src/platform/loaders.js';
import { ShapeLoaders } from '../../src/modules/realtime/shape-loaders.js';

describe('ShapeLoaders', () => {
  it('shares the incident and unit loads between the shapes of one round, and nothing that depends on the actor', async () => {
    const shared = new Loaders();
    const a = new ShapeLoaders(shared);
    const b = new ShapeLoaders(shared);
    const calls: string[] = [];
    const batch = (name: string) => async (ids: readonly string[]) => {
      calls.push(`${name}:${ids.join(',')}`);
      return ids.map((id) => `${name}/${id}`);
    };
    for (const loaders of [a, b]) {
      await loaders.get('incident.byId', batch('incident.byId')).load('i1');
      await loaders.get('unitById', batch('unitById')).load('u1');
      await loaders.get('realtime.visibleIncident', batch('realtime.visibleIncident')).load('i1');
    }
    expect(calls).toEqual(['incident.byId:i1', 'unitById:u1', 'realtime.visibleIncident:i1', 'realtime.visibleIncident:i1']);
  });
});
