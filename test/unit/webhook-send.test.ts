import { describe, expect, it } from 'vitest';
import { agentFor } from '../../src/modules/notify/webhook-send.js';

const target = (url: string, address: string) => ({ url: new URL(url), address, family: 4 as const });

describe('webhook keep-alive agents', () => {
  it('one agent per origin and checked address: a name now resolving elsewhere never gets a socket to the old address', () => {
    const a = agentFor(target('http://hooks.example.org/a', '203.0.113.10'));
    expect(agentFor(target('http://hooks.example.org/b?x=1', '203.0.113.10'))).toBe(a);
    expect(agentFor(target('http://hooks.example.org/a', '203.0.113.11'))).not.toBe(a);
    expect(agentFor(target('http://hooks.example.org:8080/a', '203.0.113.10'))).not.toBe(a);
    expect(agentFor(target('https://hooks.example.org/a', '203.0.113.10'))).not.toBe(a);
  });

  it('the agent\'s lookup answers with the checked address only', async () => {
    const { lookup } = agentFor(target('http://hooks.example.org/a', '203.0.113.12'));
    const one = await new Promise((resolve) => lookup('hooks.example.org', {}, (_e, address, family) => resolve([address, family])));
    expect(one).toEqual(['203.0.113.12', 4]);
    const all = await new Promise((resolve) => lookup('hooks.example.org', { all: true }, (_e, addresses) => resolve(addresses)));
    expect(all).toEqual([{ address: '203.0.113.12', family: 4 }]);
  });
});
