// When an assignment a tenant sent is due for 提级督办, written once: the
// sweeper's step (supervision-escalation.service.ts) and its agenda use it.
import { REFERRAL_DEFAULTS } from './referral-settings.service.js';

/** The causes that apply to referral `r` now, as a values list c(cause) (null where a cause does not apply). */
const causes = (r: string, now: string) =>
  `(values
           (case when ${r}.returns >= coalesce((select s.returns_escalate_at from referral_settings s where s.tenant_id = ${r}.tenant_id), ${Number(REFERRAL_DEFAULTS.returnsEscalateAt)}) then 'RETURNS' end),
           (case when ${r}.stage = 'AWAITING_SIGN_IN' and ${r}.sign_in_due_at < ${now} then 'SIGN_IN_MISSED' end),
           (case when ${r}.stage = 'IN_PROGRESS' and ${r}.due_at < ${now} then 'CLOSING_MISSED' end),
           (case when exists (select 1 from supervision_order a where a.tenant_id = ${r}.tenant_id and a.referral_id = ${r}.id
                                and a.answered_at is null and a.due_at < ${now}) then 'ANSWER_MISSED' end)) as c(cause)`;

const open = (r: string) => `${r}.kind = 'ASSIGNMENT' and ${r}.stage <> 'CLOSED'`;
const notOrdered = (r: string) =>
  `c.cause is not null and not exists (select 1 from supervision_order o where o.tenant_id = ${r}.tenant_id and o.referral_id = ${r}.id and o.cause = c.cause)`;

export const supervisionSql = {
  /** Rows (referral, cause) due, for one tenant: parameters now (three times), tenant, limit. */
  due: `select r.id, c.cause
         from referral r
         cross join lateral ${causes('r', '?')}
        where r.tenant_id = ? and ${open('r')} and ${notOrdered('r')}
        order by r.created_at, r.id, c.cause
        limit ?`,
  /** Referral `r` has a cause due and not yet ordered. */
  escalationDueWhere: (r: string, now: string) => `${open(r)} and exists (select 1 from ${causes(r, now)} where ${notOrdered(r)})`,
};
