// The audit log as rows of a file: the same access and view as auditLog()
// (log.access.ts), newest first, a page at a time. The changes' before and
// after are left out: a file of them is the log itself, read through the API.
import type { Ctx } from '../../platform/context.js';
import type { Cell, ExportSource } from '../../platform/export/tabular.js';
import { logService } from './log.service.js';
import { AuditLogOrder, type AuditLogFilter, type LogEntryNode } from './log.types.js';

const COLUMNS = [
  ['seq', '序号'], ['time', '时间'], ['action', '操作'], ['actorKind', '操作者类型'], ['actorMemberId', '操作成员'], ['actorRoles', '所持角色'],
  ['targetType', '对象类型'], ['targetId', '对象'], ['incidentId', '相关事件'], ['reason', '理由'], ['requestId', '请求标识'], ['hash', '本条哈希'],
] as const;

export async function logExportSource(ctx: Ctx, filter: AuditLogFilter | null | undefined): Promise<ExportSource> {
  const list = (after: string | null) => logService.list(ctx, { filter, order: AuditLogOrder.NEWEST_FIRST, first: ctx.config.limits.maxPageSize, after });
  const first = await list(null);
  const total = await first.totalCount();
  async function* pages(): AsyncIterable<Cell[][]> {
    let page = first;
    for (;;) {
      yield page.edges.map(({ node: n }: { node: LogEntryNode }): Cell[] => [
        n.seq, n.time, n.action, n.actor.kind, n.actor.memberId, n.actor.roles.join('、'), n.target?.type ?? null, n.target?.id ?? null,
        n.incidentId, n.reason, n.requestId, n.hash,
      ]);
      if (!page.pageInfo.hasNextPage) return;
      page = await list(page.pageInfo.endCursor ?? null);
    }
  }
  return { name: `audit-log-${new Date().toISOString().slice(0, 10)}`, columns: COLUMNS.map(([key, header]) => ({ key, header })), total, personalData: false, pages };
}
