import type { Knex } from '@mikro-orm/postgresql';
import type { Ctx } from '../../platform/context.js';
import { DomainError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { requireActor, requireAnyPermission, requirePlatformRole } from '../../platform/authz.js';
import { PlatformRole } from '../../platform/platform-roles.js';
import { AlarmKind } from '../../platform/alarms.js';
import { Permission } from '../../platform/permissions.js';
import { idOf, parseGlobalId } from '../../platform/ids.js';
import { byKeys } from '../../platform/loaders.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { User } from '../user/user.entity.js';
import { appendPlatformLog } from '../../platform/audit/log-writer.js';
import { LOG_ENTRY_COLUMNS, PLATFORM_LOG_COLUMNS, platformHashedEntryOf, type LogEntryRow, type PlatformLogRow } from './log-rows.js';
import { platformChainSource, tenantChainSource, verifyChain, type ChainVerification } from './log.verify.js';
import { LogErrorCode } from './log.errors.js';
import { keyMap, signingKeys } from './signing-keys.js';
import { logAccess, LogView } from './log.access.js';

/** Either view of the log (log.access.ts decides which entries). */
const LOG_READ = [Permission.AUDIT_READ, Permission.AUDIT_STRUCTURE_READ];
import { AuditLogOrder, LogEntryConnection, LogEntryNode, PlatformLogEntryConnection, PlatformLogEntryNode, type AuditLogFilter } from './log.types.js';

/** Whose log the caller reads, and whether through a tenant's grant to platform administrators. */
export interface LogAccess {
  tenantId: string;
  viaGrant: boolean;
  /** Which entries the caller reads (log.access.ts). */
  view: LogView;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const logService = {
  /**
   * Without tenantId: the caller's own tenant, with AUDIT_READ. With tenantId:
   * the caller's own tenant likewise, or, for a platform administrator, a
   * tenant that granted platform log access (FORBIDDEN otherwise). Row-level
   * security enforces the same grant on the log tables.
   */
  async access(ctx: Ctx, tenantGlobalId: string | null | undefined): Promise<LogAccess> {
    const actor = requireActor(ctx);
    if (!tenantGlobalId) {
      if (actor.platformAdmin && !actor.tenant) throw forbidden('Name the tenant (tenantId) whose log to read');
      return { tenantId: requireAnyPermission(ctx, ...LOG_READ).tenant.id, viaGrant: false, view: logAccess.viewOf(ctx, false) };
    }
    const tenantId = idOf('Tenant', tenantGlobalId, ['tenantId']);
    if (actor.tenant?.id === tenantId && actor.memberId && LOG_READ.some((p) => actor.permissions.has(p))) return { tenantId, viaGrant: false, view: logAccess.viewOf(ctx, false) };
    if (!actor.platformAdmin) {
      if (actor.tenant?.id === tenantId) requireAnyPermission(ctx, ...LOG_READ);
      throw notFound('Tenant', ['tenantId']);
    }
    // Of the three platform administrators only the audit administrator reads logs (三员分立).
    requirePlatformRole(ctx, PlatformRole.AUDIT_ADMIN);
    const tenant = await ctx.em.findOne(Tenant, { id: tenantId });
    if (!tenant) throw notFound('Tenant', ['tenantId']);
    if (!tenant.platformLogAccess) {
      const err = forbidden('The tenant has not granted platform administrators access to its log');
      (err.extensions as Record<string, unknown>).reason = 'LOG_ACCESS_NOT_GRANTED';
      throw err;
    }
    return { tenantId, viaGrant: true, view: LogView.STRUCTURE };
  },

  /** A platform administrator's read of a tenant's log is itself recorded, in the platform log. */
  async recordGrantedRead(ctx: Ctx, access: LogAccess, what: string): Promise<void> {
    if (!access.viaGrant) return;
    await appendPlatformLog(ctx.em, {
      actorUserId: requireActor(ctx).userId,
      action: 'log.platform_read',
      targetType: 'Tenant',
      targetId: access.tenantId,
      tenantId: access.tenantId,
      reason: what,
      requestId: ctx.request.requestId,
      clientAddress: ctx.request.clientAddress,
    });
  },

  async list(ctx: Ctx, args: { tenantId?: string | null; filter?: AuditLogFilter | null; order?: AuditLogOrder | null } & PageArgs) {
    const access = await this.access(ctx, args.tenantId);
    const { limit, after } = pageRequest(args, ctx.config.limits.maxPageSize);
    const newestFirst = (args.order ?? AuditLogOrder.NEWEST_FIRST) === AuditLogOrder.NEWEST_FIRST;
    const knex = ctx.em.getKnex();
    const where = filterOf(access.tenantId, args.filter ?? null, logAccess.sql(ctx, access.view, 'log_entry'));
    const query = knex('log_entry').select([...LOG_ENTRY_COLUMNS]).where(where);
    if (after) {
      const seq = Number(after[0]);
      if (!Number.isInteger(seq)) throw invalid('after is not a cursor of this list', ['after']);
      query.where('seq', newestFirst ? '<' : '>', seq);
    }
    query.orderBy('seq', newestFirst ? 'desc' : 'asc').limit(limit + 1);
    const rows = await ctx.em.getConnection().execute<LogEntryRow[]>(query, [], 'all', ctx.em.getTransactionContext());
    const count = async () => {
      const [row] = await ctx.em.getConnection().execute<{ n: string }[]>(
        knex('log_entry').count({ n: '*' }).where(where), [], 'all', ctx.em.getTransactionContext(),
      );
      return Number(row?.n ?? 0);
    };
    await this.recordGrantedRead(ctx, access, 'auditLog');
    return toConnection(LogEntryConnection, rows, limit, !!after, (r) => [Number(r.seq)], (r) => LogEntryNode.from(r), count);
  },

  async verify(ctx: Ctx, args: { tenantId?: string | null; from?: number | null; to?: number | null }): Promise<ChainVerification> {
    const access = await this.access(ctx, args.tenantId);
    if ((args.from != null && args.from < 1) || (args.to != null && args.to < 1) || (args.from != null && args.to != null && args.from > args.to)) {
      throw new DomainError(LogErrorCode.INVALID_RANGE, 'from and to must be sequence numbers with 1 <= from <= to', ['from']);
    }
    const result = await verifyChain(tenantChainSource(ctx.em, access.tenantId), {
      from: args.from,
      to: args.to,
      keys: keyMap(await signingKeys(ctx.em, ctx.services.checkpoints)),
    });
    await this.recordGrantedRead(ctx, access, 'verifyAuditLog');
    if (!result.ok) {
      ctx.services.alarms.raise(AlarmKind.LOG_CHAIN_BROKEN, {
        tenantId: access.tenantId, firstBrokenSeq: result.firstBrokenSeq, reason: result.reason, by: 'verifyAuditLog',
      }, ctx.log);
    }
    return result;
  },

  /** The platform log, oldest first: the audit administrator's to read; each read is itself recorded there. */
  async platformLog(ctx: Ctx, page: PageArgs) {
    const actor = requirePlatformRole(ctx, PlatformRole.AUDIT_ADMIN);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const from = after ? Number(after[0]) : 0;
    if (!Number.isInteger(from)) throw invalid('after is not a cursor of this list', ['after']);
    const rows = await ctx.em.getConnection().execute<PlatformLogRow[]>(
      `select ${PLATFORM_LOG_COLUMNS.join(', ')} from platform_log_entry where seq > ? order by seq limit ?`, [from, limit + 1], 'all', ctx.em.getTransactionContext(),
    );
    await this.recordPlatformRead(ctx, actor.userId, 'platformAuditLog');
    return toConnection(PlatformLogEntryConnection, rows, limit, !!after, (r) => [Number(r.seq)], (r) => {
      const record = { ...platformHashedEntryOf(r), prevHash: r.prev_hash, hash: r.hash };
      return Object.assign(new PlatformLogEntryNode(), { seq: record.seq, time: new Date(record.time), action: record.action, record });
    }, async () => {
      const [row] = await ctx.em.getConnection().execute<{ n: string }[]>('select count(*) as n from platform_log_entry', [], 'all', ctx.em.getTransactionContext());
      return Number(row?.n ?? 0);
    });
  },

  async verifyPlatform(ctx: Ctx): Promise<ChainVerification> {
    const actor = requirePlatformRole(ctx, PlatformRole.AUDIT_ADMIN);
    const result = await verifyChain(platformChainSource(ctx.em));
    await this.recordPlatformRead(ctx, actor.userId, 'verifyPlatformLog');
    if (!result.ok) {
      ctx.services.alarms.raise(AlarmKind.LOG_CHAIN_BROKEN, { platformLog: true, firstBrokenSeq: result.firstBrokenSeq, reason: result.reason, by: 'verifyPlatformLog' }, ctx.log);
    }
    return result;
  },

  async recordPlatformRead(ctx: Ctx, userId: string, what: string): Promise<void> {
    await appendPlatformLog(ctx.em, {
      actorUserId: userId, action: 'log.platform_log_read', reason: what, requestId: ctx.request.requestId, clientAddress: ctx.request.clientAddress,
    });
  },

  /** One entry for node(id:): in the caller's own tenant, within what its view shows. */
  async node(ctx: Ctx, id: string): Promise<LogEntryNode | null> {
    const tenantId = ctx.actor?.tenant?.id;
    const permissions = ctx.actor?.permissions;
    if (!tenantId || !ctx.actor?.memberId || !permissions || !LOG_READ.some((p) => permissions.has(p))) return null;
    const sight = logAccess.sql(ctx, logAccess.viewOf(ctx, false), 'log_entry');
    const [row] = await ctx.em.getConnection().execute<LogEntryRow[]>(
      ctx.em.getKnex()('log_entry').select([...LOG_ENTRY_COLUMNS]).where({ tenant_id: tenantId, id }).whereRaw(sight.sql, sight.params), [], 'all', ctx.em.getTransactionContext(),
    );
    return row ? LogEntryNode.from(row) : null;
  },

  /** Users by id (display name and e-mail of actors), batched per operation. */
  userLoader(ctx: Ctx) {
    return ctx.loaders.get<string, User | null>('logUserById', async (ids) => {
      const rows = await ctx.em.find(User, { id: { $in: [...ids] } });
      return byKeys(ids, rows, (u) => u.id);
    });
  },
};

/**
 * The filter as knex conditions, validated now (bad ids are NOT_FOUND before
 * any query); the tenant comes first (index prefix) and never from the filter.
 */
function filterOf(tenantId: string, filter: AuditLogFilter | null, sight: { sql: string; params: string[] }): (q: Knex.QueryBuilder) => void {
  const f = filter ?? {};
  const memberId = f.actorMemberId ? idOf('Member', f.actorMemberId, ['filter', 'actorMemberId']) : null;
  const userId = f.actorUserId ? idOf('User', f.actorUserId, ['filter', 'actorUserId']) : null;
  const incidentId = f.incidentId ? idOf('Incident', f.incidentId, ['filter', 'incidentId']) : null;
  let target: { type: string; id: string | null } | null = f.targetType ? { type: f.targetType, id: null } : null;
  if (f.targetId) {
    const parsed = parseGlobalId(f.targetId);
    if (!parsed || (f.targetType && f.targetType !== parsed.type)) throw notFound('Object', ['filter', 'targetId']);
    target = parsed;
  }
  return (q) => {
    q.where('tenant_id', tenantId);
    q.whereRaw(sight.sql, sight.params);
    if (memberId) q.where('actor_member_id', memberId);
    if (userId) q.where('actor_user_id', userId);
    if (f.actions?.length) q.whereIn('action', f.actions);
    if (f.actionPrefix) q.whereLike('action', `${escapeLike(f.actionPrefix)}%`);
    if (target) {
      q.where('target_type', target.type);
      if (target.id) q.where('target_id', target.id);
    }
    if (incidentId) q.where('incident_id', incidentId);
    if (f.since) q.where('created_at', '>=', f.since);
    if (f.until) q.where('created_at', '<', f.until);
    if (f.seqFrom != null) q.where('seq', '>=', f.seqFrom);
    if (f.seqTo != null) q.where('seq', '<=', f.seqTo);
  };
}
