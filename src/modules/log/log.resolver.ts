import { Arg, Ctx as GqlCtx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { PlatformRole } from '../../platform/platform-roles.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { logService } from './log.service.js';
import { checkpointService } from './checkpoint.service.js';
import {
  AuditLogFilter, AuditLogOrder, AuditLogVerification, CheckpointPublicKey, ExportLogCheckpointInput, ExportLogCheckpointPayload,
  LogActorNode, LogCheckpointConnection, LogCheckpointNode, LogEntryConnection, LogEntryNode, PlatformLogEntryConnection,
} from './log.types.js';
import { signedOf } from './checkpoint.service.js';

nodeFetchers.set('LogEntry', (ctx, id) => logService.node(ctx, id));
nodeFetchers.set('LogCheckpoint', (ctx, id) => checkpointService.node(ctx, id));

const TENANT_ARG = {
  nullable: true,
  description: 'Platform administrators: the tenant whose log to read, when it granted access. Members read their own tenant\'s. 平台管理员：已授权租户。',
} as const;

@Resolver(() => LogEntryNode)
export class LogResolver {
  @Query(() => LogEntryConnection, {
    description:
      'The tenant\'s audit log, newest first by default. AUDIT_READ (auditors): every entry, those about an incident only while the caller may see the incident (a confidential case stays hidden from its subjects and recused members). AUDIT_STRUCTURE_READ (tenant administrators) and platform administrators under a tenant\'s grant: the structure view (units, roles, members, settings, sign-ins, log access), never case content. 审计日志（审计员看案件内容须能查看该案件；系统管理员只看组织结构类记录）。',
  })
  @Allow.memberWithAnyOrPlatformAdmin(Permission.AUDIT_READ, Permission.AUDIT_STRUCTURE_READ)
  auditLog(
    @GqlCtx() ctx: Ctx,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Arg('order', () => AuditLogOrder, { nullable: true, defaultValue: AuditLogOrder.NEWEST_FIRST }) order: AuditLogOrder,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('tenantId', () => ID, TENANT_ARG) tenantId: string | null,
  ) {
    return logService.list(ctx, { tenantId, filter, order, first, after });
  }

  @Query(() => AuditLogVerification, {
    description:
      'Recomputes the hash chain from `from` (default 1) to `to` (default the head) and checks it against stored signed checkpoints; reports the first broken sequence number and why. 校验审计日志哈希链。',
  })
  @Allow.memberWithAnyOrPlatformAdmin(Permission.AUDIT_READ, Permission.AUDIT_STRUCTURE_READ)
  async verifyAuditLog(
    @GqlCtx() ctx: Ctx,
    @Arg('from', () => Int, { nullable: true }) from: number | null,
    @Arg('to', () => Int, { nullable: true }) to: number | null,
    @Arg('tenantId', () => ID, TENANT_ARG) tenantId: string | null,
  ): Promise<AuditLogVerification> {
    return Object.assign(new AuditLogVerification(), await logService.verify(ctx, { tenantId, from, to }));
  }

  @Query(() => LogCheckpointConnection, { description: 'Signed checkpoints issued for the tenant\'s log, newest first. 已签发的检查点。' })
  @Allow.memberWithAnyOrPlatformAdmin(Permission.AUDIT_READ, Permission.AUDIT_STRUCTURE_READ)
  logCheckpoints(
    @GqlCtx() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('tenantId', () => ID, TENANT_ARG) tenantId: string | null,
  ) {
    return checkpointService.list(ctx, tenantId, { first, after });
  }

  @Query(() => CheckpointPublicKey, {
    description: 'The public key that verifies log checkpoints; public, so anyone holding a checkpoint can check it. 检查点验签公钥（公开）。',
  })
  @Allow.public()
  logCheckpointPublicKey(@GqlCtx() ctx: Ctx): CheckpointPublicKey {
    return checkpointService.publicKey(ctx);
  }

  @Query(() => PlatformLogEntryConnection, { description: 'The platform log, oldest first (audit administrators; each read is logged). 平台日志。' })
  @Allow.platform(PlatformRole.AUDIT_ADMIN)
  platformAuditLog(
    @GqlCtx() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return logService.platformLog(ctx, { first, after });
  }

  @Query(() => AuditLogVerification, { description: 'Recomputes the platform log\'s hash chain (audit administrators; logged). 校验平台日志。' })
  @Allow.platform(PlatformRole.AUDIT_ADMIN)
  async verifyPlatformLog(@GqlCtx() ctx: Ctx): Promise<AuditLogVerification> {
    return Object.assign(new AuditLogVerification(), await logService.verifyPlatform(ctx));
  }

  @Query(() => [CheckpointPublicKey], {
    description: 'The key history: every key that has signed a checkpoint (oldest first) and the current one; a checkpoint names its key by keyId. 历史验签公钥。',
  })
  @Allow.public()
  logCheckpointKeys(@GqlCtx() ctx: Ctx): Promise<CheckpointPublicKey[]> {
    return checkpointService.keys(ctx);
  }

  @Mutation(() => ExportLogCheckpointPayload, {
    description:
      'Signs the tenant\'s current chain head (ed25519) and stores the checkpoint; the issue is itself logged (log.checkpoint, the entry after the signed head). 签发当前链头检查点。',
  })
  @Allow.memberWithAny(Permission.AUDIT_READ, Permission.AUDIT_STRUCTURE_READ)
  async exportLogCheckpoint(
    @GqlCtx() ctx: Ctx,
    @Arg('input', () => ExportLogCheckpointInput, { nullable: true }) input: ExportLogCheckpointInput | null,
  ): Promise<ExportLogCheckpointPayload> {
    return toPayload(ExportLogCheckpointPayload, await checkpointService.export(ctx, input ?? new ExportLogCheckpointInput()), (cp) => ({
      checkpoint: LogCheckpointNode.from(cp.id, signedOf(cp)),
    }));
  }
}

@Resolver(() => LogActorNode)
export class LogActorResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Display name of the acting user. 姓名。' })
  async displayName(@Root() actor: LogActorNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return actor.rawUserId ? ((await logService.userLoader(ctx).load(actor.rawUserId))?.displayName ?? null) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'E-mail of the acting user. 邮箱。' })
  async email(@Root() actor: LogActorNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return actor.rawUserId ? ((await logService.userLoader(ctx).load(actor.rawUserId))?.email ?? null) : null;
  }
}
