// SQL of the member tables (member, member_role) for statements other modules compose.
import { unitSubtree } from '../../platform/unit-subtree.js';

/** An active member on a unit's chain, with every role it holds: what duty assignment ranks. */
export interface ChainMember {
  memberId: string;
  unitId: string;
  /** Depth of the member's unit (deeper is nearer the incident). */
  unitDepth: number;
  createdAt: Date;
  roleIds: string[];
}

interface ChainMemberJson {
  member_id: string;
  unit_id: string;
  depth: number;
  created_ms: number;
  role_ids: string[];
}

export const memberSql = {
  /**
   * A json array of the active members (with at least one role) whose unit is
   * the unit at `unitPath` (an expression) or above it, never null.
   */
  chainJson(tenant: string, unitPath: string): string {
    return `(select coalesce(json_agg(json_build_object('member_id', m.id, 'unit_id', m.unit_id, 'depth', u.depth,
                                       'created_ms', floor(extract(epoch from m.created_at) * 1000)::bigint, 'role_ids', r.role_ids)), '[]')
       from member m
       join unit u on u.tenant_id = m.tenant_id and u.id = m.unit_id
       join lateral (select array_agg(mr.role_id) as role_ids from member_role mr where mr.tenant_id = m.tenant_id and mr.member_id = m.id) r on r.role_ids is not null
      where m.tenant_id = ${tenant} and m.status = 'ACTIVE' and ${unitSubtree.sqlAbove('u.path', unitPath)})`;
  },

  chainFromJson(rows: ChainMemberJson[]): ChainMember[] {
    return rows.map((m) => ({ memberId: m.member_id, unitId: m.unit_id, unitDepth: m.depth, createdAt: new Date(Number(m.created_ms)), roleIds: m.role_ids }));
  },

  /**
   * The statement of the chain's members holding one of the roles. Parameters:
   * tenant id, role ids (uuid[] literal), the unit path.
   */
  chainHoldingRoles: `select m.id as member_id, m.unit_id, u.depth, m.created_at, array_agg(mr.role_id) as role_ids
       from member m
       join member_role mr on mr.tenant_id = m.tenant_id and mr.member_id = m.id
       join unit u on u.tenant_id = m.tenant_id and u.id = m.unit_id
      where m.tenant_id = ? and m.status = 'ACTIVE' and mr.role_id = any(?::uuid[]) and ${unitSubtree.sqlAbove('u.path', '?')}
      group by m.id, m.unit_id, u.depth, m.created_at`,

  chainHoldingRolesFrom(rows: { member_id: string; unit_id: string; depth: number; created_at: Date; role_ids: string[] }[]): ChainMember[] {
    return rows.map((r) => ({ memberId: r.member_id, unitId: r.unit_id, unitDepth: r.depth, createdAt: new Date(r.created_at), roleIds: r.role_ids }));
  },
};
