import { describe, expect, it } from 'vitest';
import { IncidentStatus as S } from '../../src/modules/incident/incident.enums.js';
import { assertTransition, canTransition, TRANSITIONS } from '../../src/modules/incident/incident-lifecycle.model.js';
import { rankCandidates, type Candidate } from '../../src/modules/incident/duty-assignment.service.js';
import { RoleGraph } from '../../src/modules/role/role.service.js';
import type { Role } from '../../src/modules/role/role.entity.js';
import { accessCodeHash, newAccessCode, newReceiptNumber, normaliseCode, sameHash } from '../../src/modules/petition/receipt.model.js';
import { DomainError } from '../../src/platform/errors.js';

describe('the incident lifecycle', () => {
  it('allows only the forward path, on-scene and refusal shortcuts, and withdrawal before a reply', () => {
    expect(canTransition(S.REPORTED, S.ACKNOWLEDGED)).toBe(true);
    expect(canTransition(S.ACKNOWLEDGED, S.RESPONDING)).toBe(true);
    expect(canTransition(S.ACKNOWLEDGED, S.HANDLING)).toBe(true);
    expect(canTransition(S.RESPONDING, S.HANDLING)).toBe(true);
    expect(canTransition(S.HANDLING, S.REPLIED)).toBe(true);
    expect(canTransition(S.REPLIED, S.CLOSED)).toBe(true);
    expect(canTransition(S.REPORTED, S.HANDLING)).toBe(false);
    expect(canTransition(S.HANDLING, S.RESPONDING)).toBe(false);
    expect(canTransition(S.REPLIED, S.WITHDRAWN)).toBe(false);
    expect(canTransition(S.ACKNOWLEDGED, S.ACKNOWLEDGED)).toBe(false);
    // Nothing leaves a closed, withdrawn or transferred-out case (转送: the receiver handles it now).
    expect(TRANSITIONS[S.CLOSED]).toEqual([]);
    expect(TRANSITIONS[S.WITHDRAWN]).toEqual([]);
    expect(TRANSITIONS[S.TRANSFERRED]).toEqual([]);
    // A matter can be transferred out until it is replied.
    expect(canTransition(S.HANDLING, S.TRANSFERRED)).toBe(true);
    expect(canTransition(S.REPLIED, S.TRANSFERRED)).toBe(false);
    for (const from of Object.values(S)) {
      if (from === S.CLOSED || from === S.WITHDRAWN || from === S.REPLIED || from === S.TRANSFERRED) continue;
      expect(canTransition(from, S.WITHDRAWN), from).toBe(true);
    }
  });

  it('refuses an illegal transition as INVALID_TRANSITION', () => {
    try {
      assertTransition(S.CLOSED, S.ACKNOWLEDGED);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('INVALID_TRANSITION');
    }
  });
});

describe('choosing who does a duty', () => {
  const role = (id: string, key: string, parent: string | null) => ({ id, key, name: key, parent: parent ? { id: parent } : null, permissions: [], leader: false }) as unknown as Role;
  // 组长 > 副组长 > 办公室主任 > 成员 > 联络员
  const graph = new RoleGraph(new Map([
    ['gl', role('gl', 'GROUP_LEADER', null)],
    ['dl', role('dl', 'DEPUTY_LEADER', 'gl')],
    ['od', role('od', 'OFFICE_DIRECTOR', 'dl')],
    ['mb', role('mb', 'MEMBER', 'od')],
    ['li', role('li', 'LIAISON', 'mb')],
  ]));
  const c = (memberId: string, roleIds: string[], unitDepth: number, joined: string): Candidate => ({ memberId, unitId: `u${unitDepth}`, unitDepth, roleIds, createdAt: new Date(joined) });

  it('prefers the exact role, then the nearest unit, then the member on duty, then seniority', () => {
    const people = [
      c('director-root', ['od'], 0, '2020-01-01'),
      c('liaison-root', ['li'], 0, '2019-01-01'),
      c('liaison-village-new', ['li'], 2, '2024-01-01'),
      c('liaison-village-old', ['li'], 2, '2021-01-01'),
      c('member-village', ['mb'], 2, '2018-01-01'),
    ];
    const liaison = graph.roles.get('li')!;
    expect(rankCandidates(graph, liaison, people, new Set(), []).map((x) => x.memberId)).toEqual([
      'liaison-village-old', 'liaison-village-new', 'liaison-root', 'member-village', 'director-root',
    ]);
    expect(rankCandidates(graph, liaison, people, new Set(), ['liaison-village-new'])[0]!.memberId).toBe('liaison-village-new');
    // Nobody below the duty's role qualifies; excluded members never do.
    const director = graph.roles.get('od')!;
    expect(rankCandidates(graph, director, people, new Set(), []).map((x) => x.memberId)).toEqual(['director-root']);
    expect(rankCandidates(graph, director, people, new Set(['director-root']), [])).toEqual([]);
  });
});

describe('receipts and access codes', () => {
  it('are random, readable, and compared by hash only', () => {
    const n = newReceiptNumber(new Date('2026-01-31T16:30:00Z'), 'Asia/Shanghai');
    expect(n).toMatch(/^XF-20260201-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(newReceiptNumber(new Date(), 'Asia/Shanghai')).not.toBe(n);
    const code = newAccessCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseCode('ab0o-1il')).toBe('AB00111');
    const h = accessCodeHash(n, code);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(code);
    expect(sameHash(h, accessCodeHash(n.toLowerCase(), code.toLowerCase().replace(/-/g, ' ')))).toBe(true);
    expect(sameHash(h, accessCodeHash(n, 'AAAA-AAAA-AAAA'))).toBe(false);
    expect(sameHash(h, '')).toBe(false);
  });
});
