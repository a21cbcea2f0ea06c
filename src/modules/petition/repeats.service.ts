// Possible repeats of an incident (重复信访): earlier incidents the caller may
// see, found in the database by the same petitioner (match keys, never a plain
// name), the same unit and topic, and similar text (pg_trgm similarity over the
// doubled summary and demands); ranked, each with its reasons.
import { confidentialTextSql } from '../incident/incident-text.service.js';
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import { incidentVisibility } from '../incident/incident.access.js';

export enum RepeatReason {
  SAME_PETITIONER = 'SAME_PETITIONER',
  SAME_UNIT_AND_TOPIC = 'SAME_UNIT_AND_TOPIC',
  SIMILAR_TEXT = 'SIMILAR_TEXT',
}

export interface RepeatCandidate {
  incidentId: string;
  score: number;
  reasons: RepeatReason[];
  textSimilarity: number;
}

/** Text similarity at or above this is a reason of its own. */
export const SIMILAR_TEXT_AT = 0.3;
const MAX_CANDIDATES = 10;

export async function possibleRepeats(ctx: Ctx, incidentId: string): Promise<RepeatCandidate[]> {
  const actor = requireMember(ctx);
  const vis = incidentVisibility.sql(actor, 'c');
  // A confidential case's texts are sealed at rest: no similarity is computed over them.
  const text = (a: string) => `xf_search_key(case when ${confidentialTextSql(a)} then '' else ${a}.summary || ' ' || ${a}.demands end)`;
  const rows = await ctx.em.getConnection().execute<{ id: string; same_petitioner: boolean; same_unit_topic: boolean; sim: number }[]>(
    `with me as (select * from incident where tenant_id = ? and id = ?),
          keys as (select match_key from petitioner where tenant_id = ? and incident_id = ? and match_key is not null)
     select * from (
       select c.id,
              exists (select 1 from petitioner p where p.tenant_id = c.tenant_id and p.incident_id = c.id and p.match_key in (select match_key from keys)) as same_petitioner,
              (c.unit_id = me.unit_id and c.topics && me.topics) as same_unit_topic,
              similarity(${text('c')}, ${text('me')})::float8 as sim
         from incident c, me
        where c.tenant_id = me.tenant_id and c.id <> me.id and c.received_at <= me.received_at and ${vis.sql}) x
     where x.same_petitioner or x.same_unit_topic or x.sim >= ?`,
    [actor.tenant.id, incidentId, actor.tenant.id, incidentId, ...vis.params, SIMILAR_TEXT_AT] as never[],
    'all',
    ctx.em.getTransactionContext(),
  );
  return rows
    .map((r) => {
      const reasons = [
        ...(r.same_petitioner ? [RepeatReason.SAME_PETITIONER] : []),
        ...(r.same_unit_topic ? [RepeatReason.SAME_UNIT_AND_TOPIC] : []),
        ...(r.sim >= SIMILAR_TEXT_AT ? [RepeatReason.SIMILAR_TEXT] : []),
      ];
      // The same person weighs most; the same matter by someone else ranks below it.
      const score = (r.same_petitioner ? 0.6 : 0) + (r.same_unit_topic ? 0.1 : 0) + 0.3 * Number(r.sim);
      return { incidentId: r.id, score, reasons, textSimilarity: Number(r.sim) };
    })
    .sort((a, b) => b.score - a.score || (a.incidentId < b.incidentId ? -1 : 1))
    .slice(0, MAX_CANDIDATES);
}
