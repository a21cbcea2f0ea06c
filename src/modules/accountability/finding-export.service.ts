// The findings list as rows of a file: the same visibility and filter as
// accountabilityFindings() a page at a time, latest due first.
import type { Ctx } from '../../platform/context.js';
import type { Cell, ExportSource } from '../../platform/export/tabular.js';
import { toGlobalId } from '../../platform/ids.js';
import { unitService } from '../unit/unit.service.js';
import { findingService } from './finding.service.js';
import type { AccountabilityFindingFilter, FindingNode } from './accountability.types.js';

const COLUMNS = [
  ['source', '来源'], ['outcome', '结果'], ['dutyKind', '职责类型'], ['clockKind', '时限类型'], ['action', '应履行的职责'], ['occurrence', '次数'],
  ['levelKey', '响应等级'], ['planVersion', '预案版本'], ['roleKey', '责任角色'], ['unit', '责任单位'], ['memberId', '责任人'],
  ['incidentId', '相关事件'], ['dueAt', '应完成时间'], ['doneAt', '完成时间'], ['detectedAt', '发现时间'],
] as const;

export async function findingExportSource(ctx: Ctx, filter: AccountabilityFindingFilter | null | undefined): Promise<ExportSource> {
  const first = await findingService.list(ctx, filter, { first: ctx.config.limits.maxPageSize, after: null });
  const total = await first.totalCount();
  async function* pages(): AsyncIterable<Cell[][]> {
    let page = first;
    for (;;) {
      const nodes: FindingNode[] = page.edges.map((e) => e.node);
      const units = await unitService.loader(ctx).loadMany([...new Set(nodes.map((n) => n.responsibleUnitId))]);
      const unitName = new Map(units.flatMap((u) => (u && !(u instanceof Error) ? [[u.id, u.name] as const] : [])));
      yield nodes.map((n): Cell[] => [
        n.source, n.outcome, n.dutyKind, n.clockKind, n.action, n.occurrence, n.levelKey, n.planVersion, n.roleKey,
        unitName.get(n.responsibleUnitId) ?? null, n.responsibleMemberId ? toGlobalId('Member', n.responsibleMemberId) : null,
        n.incidentId ? toGlobalId('Incident', n.incidentId) : null, n.dueAt, n.doneAt, n.detectedAt,
      ]);
      if (!page.pageInfo.hasNextPage) return;
      page = await findingService.list(ctx, filter, { first: ctx.config.limits.maxPageSize, after: page.pageInfo.endCursor ?? null });
    }
  }
  return { name: `findings-${new Date().toISOString().slice(0, 10)}`, columns: COLUMNS.map(([key, header]) => ({ key, header })), total, personalData: false, pages };
}
