// 提级督办 from the sweeper: in each tenant, the assignments it sent whose
// sign-in or closing time passed (or that were returned too often and not yet
// escalated, e.g. after a failure right after the return) are escalated, each
// in its own transaction over both tenants; the order's unique key makes a
// second sweep a no-op.
import { withSystemContext } from '../../platform/system-context.js';
import { supervisionEscalation } from '../referral/supervision-escalation.service.js';
import type { SweepBatch } from './sweep.context.js';

export async function sweepSupervisionEscalations(batch: SweepBatch): Promise<boolean> {
  const due = await supervisionEscalation.due(batch.ctx, batch.tenant.id, batch.now, batch.limit);
  for (const row of due) {
    await withSystemContext(batch.deps, null, (ctx) => supervisionEscalation.escalate(ctx, batch.tenant.id, row.id, row.cause, batch.now));
  }
  return due.length === batch.limit;
}
