// The incidents list as a file (CSV with BOM, XLSX, JSON Lines): the same
// filter, order and visibility as incidents(); petitioners' names and
// contacts only with PETITIONER_PII_READ, each read logged as any other; the
// export itself is logged with the file's sha256.
import { openIncidentText } from './incident-text.service.js';
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { requireMember } from '../../platform/authz.js';
import { Permission } from '../../platform/permissions.js';
import { collect, exportTable, type Cell, type ExportFormat, type ExportSource, type ExportedFile } from '../../platform/export/tabular.js';
import { exportRecord } from '../../platform/export/export.types.js';
import { unitService } from '../unit/unit.service.js';
import { incidentQuery } from './incident.query.js';
import type { IncidentFilter, IncidentOrder } from './incident.inputs.js';
import { ExportErrorCode } from './incident.errors.js';

/** Most rows of one export file. */
export const MAX_EXPORT_ROWS = 10_000;

/** Petitioners' names and contacts per incident, read (and logged) by the petition module; built in src/server/services.ts. */
export interface PetitionerPiiReader {
  /** incident id → "name contact; name contact", one log entry per petitioner read. */
  namesOf(ctx: Ctx, incidentIds: string[]): Promise<Map<string, string>>;
}

declare module '../../platform/context.js' {
  interface Services {
    petitionerPii: PetitionerPiiReader;
  }
}

const COLUMNS = [
  ['receiptNumber', '回执编号'], ['receivedAt', '收到时间'], ['occurredAt', '发生时间'], ['category', '类别'], ['levelReached', '到达层级'],
  ['headcount', '人数'], ['unit', '单位'], ['place', '地点'], ['summary', '摘要'], ['demands', '诉求'], ['topics', '事项分类'],
  ['status', '状态'], ['levelName', '响应等级'], ['decision', '受理决定'], ['repliedAt', '答复时间'], ['closedAt', '办结时间'],
] as const;

/** What an incidents export reads: incidents()'s filter and order, and whether petitioners' personal data is included. */
export interface IncidentExportInput {
  filter?: IncidentFilter | null;
  orderBy?: IncidentOrder | null;
  includePersonalData: boolean;
}

const tooLarge = () => new DomainError(ExportErrorCode.EXPORT_TOO_LARGE, `At most ${MAX_EXPORT_ROWS} rows per file: narrow the filter (or export asynchronously)`, ['input', 'filter']);

/**
 * The incidents the caller may see as pages of rows, 100 at a time, with
 * incidents()'s filter and order; personal data only with
 * PETITIONER_PII_READ (each petitioner read logged by the petition module).
 */
export async function incidentExportSource(ctx: Ctx, input: IncidentExportInput): Promise<ExportSource> {
  const actor = requireMember(ctx);
  if (input.includePersonalData && !actor.permissions.has(Permission.PETITIONER_PII_READ)) {
    throw new DomainError(ExportErrorCode.PERSONAL_DATA_NOT_PERMITTED, 'Personal data needs PETITIONER_PII_READ', ['input', 'includePersonalData']);
  }
  const first = await incidentQuery.list(ctx, input.filter, input.orderBy, { first: 100, after: null });
  const total = await first.totalCount();
  const pii = input.includePersonalData;
  const columns = [...COLUMNS.map(([key, header]) => ({ key, header })), ...(pii ? [{ key: 'petitioners', header: '信访人（姓名 联系方式）' }] : [])];
  async function* pages(): AsyncIterable<Cell[][]> {
    let page = first;
    for (;;) {
      const nodes = page.edges.map((e) => e.node);
      const units = await unitService.loader(ctx).loadMany([...new Set(nodes.map((n) => n.unitId))]);
      const unitName = new Map(units.flatMap((u) => (u && !(u instanceof Error) ? [[u.id, u.name] as const] : [])));
      const names = pii && nodes.length ? await ctx.services.petitionerPii.namesOf(ctx, nodes.map((n) => n.rawId)) : null;
      const texts = await Promise.all(nodes.map((n) => openIncidentText(ctx, n)));
      yield nodes.map((n, k): Cell[] => [
        n.receiptNumber, n.receivedAt, n.occurredAt, n.category, n.levelReached, n.headcount, unitName.get(n.unitId) ?? null, n.place, texts[k]!.summary, texts[k]!.demands,
        n.topics.join('、'), n.status, n.levelName, n.decision, n.repliedAt, n.closedAt,
        ...(names ? [names.get(n.rawId) ?? ''] : []),
      ]);
      if (!page.pageInfo.hasNextPage) return;
      page = await incidentQuery.list(ctx, input.filter, input.orderBy, { first: 100, after: page.pageInfo.endCursor ?? null });
    }
  }
  return { name: `incidents-${new Date().toISOString().slice(0, 10)}`, columns, total, personalData: pii, pages };
}

export async function exportIncidents(ctx: Ctx, input: IncidentExportInput & { format: ExportFormat }): Promise<Outcome<ExportedFile>> {
  return audited(ctx, 'incident.export', async (tx) => {
    const source = await incidentExportSource(tx, input);
    if ((source.total ?? 0) > MAX_EXPORT_ROWS) throw tooLarge();
    const file = await exportTable(await collect(source, MAX_EXPORT_ROWS, tooLarge), input.format, source.name);
    const id = randomUUID();
    return {
      result: file,
      target: { type: 'Export', id },
      reason: source.personalData ? 'export with petitioners\' personal data' : 'export',
      extraChanges: [{ type: 'Export', id, op: 'create', after: exportRecord(file, { list: 'incidents', format: input.format, personalData: source.personalData }) }],
    };
  });
}
