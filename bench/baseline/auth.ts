// The same JWT checks as the API (HS256 only, issuer, audience, expiry, claim
// shapes), then the same session/membership lookup the API does per request.
import jwt from 'jsonwebtoken';
import type pg from 'pg';

export interface BaselineActor {
  userId: string;
  tenantId: string;
  memberId: string;
  unitPath: string;
  roles: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Claims {
  sub: string;
  sid: string;
  tid: string;
}

export function verifyToken(header: string | undefined, secret: string, issuer: string, audience: string): Claims | null {
  if (!header?.startsWith('Bearer ')) return null;
  try {
    const p = jwt.verify(header.slice(7), secret, { algorithms: ['HS256'], issuer, audience, clockTolerance: 5 });
    if (typeof p !== 'object' || typeof p.sub !== 'string' || typeof p.sid !== 'string' || typeof p.tid !== 'string' || typeof p.exp !== 'number') return null;
    if (!UUID.test(p.sub) || !UUID.test(p.sid) || !UUID.test(p.tid)) return null;
    return { sub: p.sub, sid: p.sid, tid: p.tid };
  } catch {
    return null;
  }
}

const ACTOR_SQL = `
select m.id as member_id, un.path as unit_path,
       (select array_agg(coalesce(r.key, r.name)) from member_role mr join role r on r.tenant_id = mr.tenant_id and r.id = mr.role_id
         where mr.tenant_id = m.tenant_id and mr.member_id = m.id) as roles
  from session s
  join app_user u on u.id = s.user_id and u.status = 'ACTIVE'
  join tenant t on t.id = s.tenant_id and t.status = 'ACTIVE'
  join member m on m.tenant_id = s.tenant_id and m.user_id = s.user_id and m.status = 'ACTIVE'
  join unit un on un.tenant_id = m.tenant_id and un.id = m.unit_id
 where s.id = $1 and s.user_id = $2 and s.tenant_id = $3 and s.revoked_at is null and s.expires_at > now()`;

/** Opens the request's transaction with the tenant set for RLS and loads the actor (null: session no longer valid). */
export async function beginAsActor(client: pg.PoolClient, claims: Claims): Promise<BaselineActor | null> {
  await client.query('begin');
  await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)`, [claims.tid, claims.sub]);
  const { rows } = await client.query(ACTOR_SQL, [claims.sid, claims.sub, claims.tid]);
  const row = rows[0];
  if (!row) return null;
  return { userId: claims.sub, tenantId: claims.tid, memberId: row.member_id, unitPath: row.unit_path, roles: row.roles ?? [] };
}
