import { describe, expect, it } from 'vitest';
import { getSchema } from '../../src/server/schema.js';
import { accessRules } from '../../src/platform/graphql/allow.js';

// Every root field declares who may call it. The snapshot is reviewed like code:
// a diff in it is a permission change.
describe('endpoint permissions', () => {
  it('every Query, Mutation and Subscription field has an access rule, and the rules match the snapshot', async () => {
    const schema = await getSchema();
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => !!t);
    const table: Record<string, string> = {};
    const missing: string[] = [];
    for (const root of roots) {
      for (const name of Object.keys(root!.getFields()).sort()) {
        const rule = accessRules.get(name);
        if (!rule) missing.push(`${root!.name}.${name}`);
        else table[`${root!.name}.${name}`] = 'permissions' in rule ? `${rule.kind}(${rule.permissions.join(', ')})` : 'roles' in rule ? `${rule.kind}(${rule.roles.join(', ')})` : rule.kind;
      }
    }
    expect(missing).toEqual([]);
    await expect(JSON.stringify(table, null, 2) + '\n').toMatchFileSnapshot('./permissions.snapshot.json');
  });
});
