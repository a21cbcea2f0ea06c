import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { requireActor } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { LogCheckpoint } from './checkpoint.entity.js';
import { LogErrorCode } from './log.errors.js';
import type { SignedCheckpoint } from './checkpoint.verify.js';
import { CheckpointPublicKey, LogCheckpointConnection, LogCheckpointNode, type ExportLogCheckpointInput } from './log.types.js';
import { logService } from './log.service.js';
import { recordSigningKey, signingKeys } from './signing-keys.js';

export function signedOf(cp: LogCheckpoint): SignedCheckpoint {
  return {
    tenantId: cp.tenant.id,
    seq: cp.seq,
    hash: cp.hash,
    time: cp.signedAt.toISOString(),
    algorithm: cp.algorithm,
    keyId: cp.keyId,
    signature: cp.signature,
  };
}

export const checkpointService = {
  /**
   * Signs the tenant's current chain head and stores the checkpoint. It is a
   * mutation: the checkpoint row and the entry recording its issue
   * (log.checkpoint, the entry after the head it signs) commit together.
   * `tenantId` is for the admin CLI (system actor); API callers use their own tenant.
   */
  async export(ctx: Ctx, input: ExportLogCheckpointInput, system: { tenantId: string } | null = null): Promise<Outcome<LogCheckpoint>> {
    const tenantId = system?.tenantId ?? ctx.actor?.tenant?.id;
    if (!tenantId) throw new Error('checkpoint export needs a tenant');
    return audited(
      ctx,
      'log.checkpoint',
      async (tx) => {
        await validateInput(input);
        const [head] = await tx.em.getConnection().execute<{ seq: string; hash: string }[]>(
          'select seq, hash from log_head where tenant_id = ?', [tenantId], 'all', tx.em.getTransactionContext(),
        );
        if (!head || Number(head.seq) === 0) throw new DomainError(LogErrorCode.LOG_EMPTY, 'The log has no entry to checkpoint yet', ['input']);
        await recordSigningKey(tx.em, tx.services.checkpoints);
        const signed = tx.services.checkpoints.sign({
          tenantId,
          seq: Number(head.seq),
          hash: head.hash,
          time: new Date().toISOString(),
        });
        const checkpoint = tx.em.create(LogCheckpoint, {
          tenant: ref(Tenant, tenantId),
          seq: signed.seq,
          hash: signed.hash,
          signedAt: new Date(signed.time),
          algorithm: signed.algorithm,
          keyId: signed.keyId,
          signature: signed.signature,
          issuedByUserId: tx.actor?.userId ?? null,
        });
        return { result: checkpoint, target: { type: 'LogCheckpoint', id: checkpoint.id }, reason: input.reason ?? null };
      },
      system ? { tenantId, actorKind: ActorKind.SYSTEM } : {},
    );
  },

  /** Issued checkpoints, newest first. */
  async list(ctx: Ctx, tenantGlobalId: string | null | undefined, page: PageArgs) {
    const access = await logService.access(ctx, tenantGlobalId);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const where: Record<string, unknown> = { tenant: access.tenantId };
    const pageWhere = after
      ? { ...where, $or: [{ seq: { $lt: Number(after[0]) } }, { seq: Number(after[0]), id: { $lt: String(after[1]) } }] }
      : where;
    // filters: false — the tenant is named explicitly above, and a platform administrator's read crosses tenants (RLS holds the grant).
    const rows = await ctx.em.find(LogCheckpoint, pageWhere, { orderBy: { seq: 'desc', id: 'desc' }, limit: limit + 1, filters: false });
    await logService.recordGrantedRead(ctx, access, 'logCheckpoints');
    return toConnection(LogCheckpointConnection, rows, limit, !!after, (c) => [c.seq, c.id], (c) => LogCheckpointNode.from(c.id, signedOf(c)),
      () => ctx.em.count(LogCheckpoint, where, { filters: false }));
  },

  async node(ctx: Ctx, id: string): Promise<LogCheckpointNode | null> {
    requireActor(ctx);
    const tenantId = ctx.actor?.tenant?.id;
    if (!tenantId || !ctx.actor?.memberId || !(ctx.actor.permissions.has(Permission.AUDIT_READ) || ctx.actor.permissions.has(Permission.AUDIT_STRUCTURE_READ))) return null;
    const cp = await ctx.em.findOne(LogCheckpoint, { tenant: tenantId, id });
    return cp ? LogCheckpointNode.from(cp.id, signedOf(cp)) : null;
  },

  publicKey(ctx: Ctx): CheckpointPublicKey {
    const signer = ctx.services.checkpoints;
    return Object.assign(new CheckpointPublicKey(), { algorithm: signer.algorithm, keyId: signer.keyId, pem: signer.publicKeyPem, current: true, firstUsedAt: null });
  },

  /** The key history: every key that has signed a checkpoint, and the current one. */
  async keys(ctx: Ctx): Promise<CheckpointPublicKey[]> {
    const current = ctx.services.checkpoints;
    return (await signingKeys(ctx.em, current)).map((k) => Object.assign(new CheckpointPublicKey(), {
      algorithm: k.algorithm, keyId: k.keyId, pem: k.publicKeyPem, current: k.keyId === current.keyId, firstUsedAt: k.firstUsedAt,
    }));
  },
};
