// SQL of the member tables (member, member_role) for statements other modules compose.

/** An active member whose jurisdiction covers a unit, with every role it holds: what duty assignment ranks. */
export interface ChainMember {
  memberId: string;
  unitId: string;
  /** Depth of the member's nearest jurisdiction root covering the unit (deeper is nearer the incident). */
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

/** Select expression: the paths of the member's jurisdiction, or its seat's path when none was set. */
function jurisdictionPaths(member: string, seatUnit: string): string {
  return `coalesce((select array_agg(ju.path order by ju.path) from member_jurisdiction mj
      join unit ju on ju.tenant_id = mj.tenant_id and ju.id = mj.unit_id
     where mj.tenant_id = ${member}.tenant_id and mj.member_id = ${member}.id), array[${seatUnit}.path])`;
}

/**
 * The depth of the deepest jurisdiction root of the member covering the unit
 * at `unitPath`, or null when none covers it (a path level is a uuid and '/').
 */
function coveringDepth(member: string, seatUnit: string, unitPath: string): string {
  return `(select max(length(jp) / 37) - 1 from unnest(${jurisdictionPaths(member, seatUnit)}) jp where starts_with(${unitPath}, jp))`;
}

export const memberSql = {
  jurisdictionPaths,
  coveringDepth,

  /**
   * A json array of the active members (with at least one role) whose
   * jurisdiction covers the unit at `unitPath` (an expression), never null;
   * `depth` is that of the nearest covering jurisdiction root.
   */
  chainJson(tenant: string, unitPath: string): string {
    return `(select coalesce(json_agg(json_build_object('member_id', m.id, 'unit_id', m.unit_id, 'depth', c.depth,
                                       'created_ms', floor(extract(epoch from m.created_at) * 1000)::bigint, 'role_ids', r.role_ids)), '[]')
       from member m
       join unit u on u.tenant_id = m.tenant_id and u.id = m.unit_id
       join lateral (select ${coveringDepth('m', 'u', unitPath)} as depth) c on c.depth is not null
       join lateral (select array_agg(mr.role_id) as role_ids from member_role mr where mr.tenant_id = m.tenant_id and mr.member_id = m.id) r on r.role_ids is not null
      where m.tenant_id = ${tenant} and m.status = 'ACTIVE')`;
  },

  chainFromJson(rows: ChainMemberJson[]): ChainMember[] {
    return rows.map((m) => ({ memberId: m.member_id, unitId: m.unit_id, unitDepth: m.depth, createdAt: new Date(Number(m.created_ms)), roleIds: m.role_ids }));
  },

  /**
   * The statement of the covering members holding one of the roles. Parameters:
   * the unit path, tenant id, role ids (uuid[] literal).
   */
  chainHoldingRoles: `select m.id as member_id, m.unit_id, c.depth, m.created_at, array_agg(mr.role_id) as role_ids
       from member m
       join member_role mr on mr.tenant_id = m.tenant_id and mr.member_id = m.id
       join unit u on u.tenant_id = m.tenant_id and u.id = m.unit_id
       join lateral (select ${coveringDepth('m', 'u', '?::text')} as depth) c on c.depth is not null
      where m.tenant_id = ? and m.status = 'ACTIVE' and mr.role_id = any(?::uuid[])
      group by m.id, m.unit_id, c.depth, m.created_at`,

  chainHoldingRolesFrom(rows: { member_id: string; unit_id: string; depth: number; created_at: Date; role_ids: string[] }[]): ChainMember[] {
    return rows.map((r) => ({ memberId: r.member_id, unitId: r.unit_id, unitDepth: r.depth, createdAt: new Date(r.created_at), roleIds: r.role_ids }));
  },
};
