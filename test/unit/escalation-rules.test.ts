import { describe, expect, it } from 'vitest';
import { Permission } from '../../src/platform/permissions.js';
import { escalationTarget, primaryRole, recipientsFor, unitHead } from '../../src/modules/accountability/escalation.rules.js';
import type { DirectoryMember } from '../../src/modules/accountability/sweep.context.js';
import { templateRoleGraph } from '../support/role-graph.js';

const graph = templateRoleGraph();
const id = (key: string) => `id-${key}`;
const member = (name: string, unitPath: string, roles: string[], createdAt = '2026-01-01T00:00:00Z'): DirectoryMember => ({
  id: name, unitId: unitPath.split('/').filter(Boolean).pop()!, unitPath, jurisdiction: [unitPath], createdAt: new Date(createdAt), roleIds: roles.map(id),
});

const ROOT = '/root/';
const VILLAGE = '/root/village/';
const OTHER = '/root/other/';

describe('escalationTarget', () => {
  it('follows the plan\'s rule when the duty has one', () => {
    expect(escalationTarget(graph, 'DEPUTY_LEADER', id('LIAISON'))).toMatchObject({ roleKey: 'DEPUTY_LEADER', role: { key: 'DEPUTY_LEADER' } });
  });

  it('without a rule: the role right above the responsible one', () => {
    expect(escalationTarget(graph, null, id('LIAISON'))).toMatchObject({ roleKey: 'MEMBER' });
    expect(escalationTarget(graph, null, id('OFFICE_DIRECTOR'))).toMatchObject({ roleKey: 'DEPUTY_LEADER' });
  });

  it('nobody above the top of the chain', () => {
    expect(escalationTarget(graph, null, id('GROUP_LEADER'))).toMatchObject({ role: null, roleKey: null });
  });

  it('nobody answerable (no case owner, no unit head): the lowest leader-rank role', () => {
    expect(escalationTarget(graph, null, null)).toMatchObject({ roleKey: 'DEPUTY_LEADER' });
  });
});

describe('recipientsFor', () => {
  const members = [
    member('deputy-root', ROOT, ['DEPUTY_LEADER']),
    member('deputy-other', OTHER, ['DEPUTY_LEADER']),
    member('leader', ROOT, ['GROUP_LEADER']),
    member('member-village', VILLAGE, ['MEMBER']),
    member('auditor', ROOT, ['AUDITOR']),
  ];

  it('members holding the role whose subtree covers the unit; never those of a sibling unit', () => {
    expect(recipientsFor(graph, members, id('DEPUTY_LEADER'), VILLAGE, new Set())).toEqual(['deputy-root']);
  });

  it('the nearest role above when nobody holds the role itself', () => {
    expect(recipientsFor(graph, members.filter((m) => !m.id.startsWith('deputy')), id('DEPUTY_LEADER'), VILLAGE, new Set())).toEqual(['leader']);
  });

  it('never the responsible member nor anyone kept out of the case', () => {
    expect(recipientsFor(graph, members, id('DEPUTY_LEADER'), VILLAGE, new Set(['deputy-root']))).toEqual(['leader']);
    expect(recipientsFor(graph, members, id('MEMBER'), VILLAGE, new Set(['member-village', 'deputy-root', 'leader']))).toEqual([]);
  });
});

describe('who answers for a unit', () => {
  it('the primary role is the most senior one that may act', () => {
    expect(primaryRole(graph, [id('LIAISON'), id('OFFICE_DIRECTOR'), id('AUDITOR')], Permission.INCIDENT_ACT)?.key).toBe('OFFICE_DIRECTOR');
    expect(primaryRole(graph, [id('AUDITOR')], Permission.INCIDENT_ACT)?.key).toBe('AUDITOR');
    expect(primaryRole(graph, [], Permission.INCIDENT_ACT)).toBeNull();
  });

  it('the head of a unit: its own most senior member who may report, the longest-serving first', () => {
    const members = [
      member('liaison', VILLAGE, ['LIAISON'], '2025-01-01T00:00:00Z'),
      member('director-new', VILLAGE, ['OFFICE_DIRECTOR'], '2026-03-01T00:00:00Z'),
      member('director-old', VILLAGE, ['OFFICE_DIRECTOR'], '2026-02-01T00:00:00Z'),
      member('auditor', VILLAGE, ['AUDITOR']),
      member('leader', ROOT, ['GROUP_LEADER']),
    ];
    expect(unitHead(graph, members, 'village', Permission.INCIDENT_REPORT)?.member.id).toBe('director-old');
    expect(unitHead(graph, members.filter((m) => m.id === 'auditor'), 'village', Permission.INCIDENT_REPORT)).toBeNull();
    expect(unitHead(graph, members, 'nowhere', Permission.INCIDENT_REPORT)).toBeNull();
  });
});
