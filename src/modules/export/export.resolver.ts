import { Arg, Ctx as GqlCtx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { idOf } from '../../platform/ids.js';
import { notFound } from '../../platform/errors.js';
import { ExportFileNode, ExportPayload } from '../../platform/export/export.types.js';
import { exportService } from './export.service.js';
import { ExportJobConnection, ExportJobNode, ExportListInput, StartExportInput, StartExportPayload } from './export.types.js';

nodeFetchers.set('ExportJob', async (ctx, id) => {
  const job = await exportService.find(ctx, id);
  return job ? ExportJobNode.from(job) : null;
});

// Any member reading one of the lists may export it: the service asks for the list's own permission.
const LIST_READERS = [Permission.INCIDENT_READ, Permission.ACCOUNTABILITY_READ, Permission.AUDIT_READ, Permission.AUDIT_STRUCTURE_READ];

@Resolver(() => ExportJobNode)
export class ExportResolver {
  @Mutation(() => ExportPayload, {
    description:
      'A list the caller reads (incidents, accountabilityFindings, assessmentFigures, auditLog) as CSV (UTF-8 with BOM, Chinese header), XLSX or JSON Lines, at once, at most 10,000 rows, with the list\'s own permission and visibility; logged with the file\'s sha256. 导出列表。',
  })
  @Allow.memberWithAny(...LIST_READERS)
  async exportList(@GqlCtx() ctx: Ctx, @Arg('input', () => ExportListInput) input: ExportListInput): Promise<ExportPayload> {
    return toPayload(ExportPayload, await exportService.exportList(ctx, input), (f) => ({ file: ExportFileNode.from(f) }));
  }

  @Mutation(() => StartExportPayload, {
    description:
      'Starts an asynchronous export of a list (large ones; JSON Lines is the usual format): the filter and permissions are checked and the rows counted now; the worker makes the file as the caller\'s session; follow it with export(id), download it from downloadPath. 开始异步导出。',
  })
  @Allow.memberWithAny(...LIST_READERS)
  async startExport(@GqlCtx() ctx: Ctx, @Arg('input', () => StartExportInput) input: StartExportInput): Promise<StartExportPayload> {
    return toPayload(StartExportPayload, await exportService.start(ctx, input), (j) => ({ export: ExportJobNode.from(j) }));
  }

  @Query(() => ExportJobNode, { description: 'One of the caller\'s asynchronous exports, with its progress; another member\'s is NOT_FOUND. 导出任务。' })
  @Allow.memberWithAny(...LIST_READERS)
  async export(@GqlCtx() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<ExportJobNode> {
    const job = await exportService.find(ctx, idOf('ExportJob', id, ['id']));
    if (!job) throw notFound('ExportJob', ['id']);
    return ExportJobNode.from(job);
  }

  @Query(() => ExportJobConnection, { description: 'The caller\'s asynchronous exports, newest first. 本人的导出任务。' })
  @Allow.memberWithAny(...LIST_READERS)
  exports(
    @GqlCtx() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ) {
    return exportService.list(ctx, { first, after });
  }
}
