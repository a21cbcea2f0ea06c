// The log evidence of one case for its archive (归档): the case's entries in a
// sequence range in full, every other entry of the range as a stub (seq and
// hashes only: other cases' content stays out), and the checkpoint signed at
// the filing entry.
import type { Ctx } from '../../platform/context.js';
import { requireMember } from '../../platform/authz.js';
import type { ExportedEntry } from '../../platform/audit/log-hash.js';
import { LogCheckpoint } from './checkpoint.entity.js';
import { checkpointService, signedOf } from './checkpoint.service.js';
import type { SignedCheckpoint } from './checkpoint.verify.js';
import { ExportLogCheckpointInput } from './log.types.js';
import { exportedEntryOf, LOG_ENTRY_COLUMNS, type LogEntryRow } from './log-rows.js';

/** An entry of the range that is not the case's: only its place in the chain. */
export interface WithheldEntry {
  seq: number;
  prevHash: string;
  hash: string;
  withheld: true;
}

export const caseLogService = {
  /** The current head of the caller's tenant log (the last entry before the caller's next one). */
  async headSeq(tx: Ctx): Promise<number> {
    const [head] = await tx.em.getConnection().execute<{ seq: string }[]>(
      'select seq from log_head where tenant_id = ?', [requireMember(tx).tenant.id], 'all', tx.em.getTransactionContext(),
    );
    return Number(head?.seq ?? 0);
  },

  /** The case's entries (seq, hash, action) in [from, to]. */
  async caseEntries(tx: Ctx, incidentId: string, from: number, to: number): Promise<{ seq: number; hash: string; action: string }[]> {
    const rows = await tx.em.getConnection().execute<{ seq: string; hash: string; action: string }[]>(
      'select seq, hash, action from log_entry where tenant_id = ? and incident_id = ? and seq between ? and ? order by seq',
      [requireMember(tx).tenant.id, incidentId, from, to], 'all', tx.em.getTransactionContext(),
    );
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, action: r.action }));
  },

  /** The first entry of the case (its report), or null. */
  async firstSeq(tx: Ctx, incidentId: string): Promise<number | null> {
    const [row] = await tx.em.getConnection().execute<{ seq: string | null }[]>(
      'select min(seq) as seq from log_entry where tenant_id = ? and incident_id = ?', [requireMember(tx).tenant.id, incidentId], 'all', tx.em.getTransactionContext(),
    );
    return row?.seq == null ? null : Number(row.seq);
  },

  /** The entry of an action on the case (the filing: incident.close), newest. */
  async entrySeq(ctx: Ctx, incidentId: string, action: string): Promise<number | null> {
    const [row] = await ctx.em.getConnection().execute<{ seq: string }[]>(
      'select seq from log_entry where tenant_id = ? and incident_id = ? and action = ? order by seq desc limit 1',
      [requireMember(ctx).tenant.id, incidentId, action], 'all', ctx.em.getTransactionContext(),
    );
    return row ? Number(row.seq) : null;
  },

  /** Entries from..to: the case's in full, the others withheld. */
  async rangeFor(ctx: Ctx, incidentId: string, from: number, to: number): Promise<(ExportedEntry | WithheldEntry)[]> {
    const rows = await ctx.em.getConnection().execute<LogEntryRow[]>(
      `select ${LOG_ENTRY_COLUMNS.join(', ')} from log_entry where tenant_id = ? and seq between ? and ? order by seq`,
      [requireMember(ctx).tenant.id, from, to], 'all', ctx.em.getTransactionContext(),
    );
    return rows.map((r) => (r.incident_id === incidentId ? exportedEntryOf(r) : { seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, withheld: true as const }));
  },

  /** Signs a checkpoint at the current head (inside the caller's transaction: the filing's entry). */
  async sealHead(tx: Ctx, reason: string): Promise<void> {
    const out = await checkpointService.export(tx, Object.assign(new ExportLogCheckpointInput(), { reason }));
    if (!out.ok) throw new Error(`filing checkpoint not signed: ${out.errors.map((e) => e.message).join('; ')}`);
  },

  /** The checkpoint signed exactly at seq, or null. */
  async checkpointAt(ctx: Ctx, seq: number): Promise<SignedCheckpoint | null> {
    const cp = await ctx.em.findOne(LogCheckpoint, { tenant: requireMember(ctx).tenant.id, seq }, { orderBy: { signedAt: 'asc' } });
    return cp ? signedOf(cp) : null;
  },
};
