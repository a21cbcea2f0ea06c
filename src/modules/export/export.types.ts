import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node, Connection, UserError } from '../../platform/graphql/relay.js';
import { ExportFormat } from '../../platform/export/tabular.js';
import { toGlobalId } from '../../platform/ids.js';
import { ExportJobStatus, ExportKind } from './export.enums.js';
import { isExpired, type ExportJob } from './export.entity.js';

/** Where the finished file of an export is downloaded (GET, with the bearer token). */
export const EXPORTS_PATH = '/exports';

@InputType({ description: 'A list as a file. 导出列表。' })
export class ExportListInput {
  @Field(() => ExportKind) kind!: ExportKind;
  @Field(() => ExportFormat) format!: ExportFormat;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'The list\'s own filter: IncidentFilter, AccountabilityFindingFilter or AuditLogFilter as JSON; for ASSESSMENT_FIGURES {period: {from, to}, groupBy} (required). 列表筛选条件。',
  })
  filter?: Record<string, unknown> | null;
  @Field(() => Boolean, { defaultValue: false, description: 'INCIDENTS only: petitioners\' names and contacts; needs PETITIONER_PII_READ, each read logged. 含信访人个人信息。' })
  includePersonalData!: boolean;
}

@InputType({ description: 'A large list as a file, made in the background. 异步导出。' })
export class StartExportInput extends ExportListInput {}

@ObjectType('ExportJob', {
  implements: Node,
  description:
    'An asynchronous export: its progress (rows done of rows in all) and, when DONE, the file at downloadPath (GET with the bearer token; only the member who asked) until expiresAt, when the file is removed and the job EXPIRED. The file\'s sha256 is in the log. 异步导出任务。',
})
export class ExportJobNode extends Node {
  @Field(() => ExportKind) kind!: ExportKind;
  @Field(() => ExportFormat) format!: ExportFormat;
  @Field(() => ExportJobStatus) status!: ExportJobStatus;
  @Field(() => Int, { description: 'Rows written so far. 已完成行数。' }) rowsDone!: number;
  @Field(() => Int, { nullable: true, description: 'Rows in all (counted when the job started). 总行数。' }) rowsTotal!: number | null;
  @Field(() => Boolean) includePersonalData!: boolean;
  @Field(() => String, { nullable: true }) fileName!: string | null;
  @Field(() => String, { nullable: true, description: 'sha-256 of the file, hex (also in the log). 文件哈希。' }) sha256!: string | null;
  @Field(() => String, { nullable: true, description: 'Path of the download, when DONE (until expiresAt). 下载地址。' }) downloadPath!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it FAILED. 失败原因。' }) error!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the file is removed (EXPORT_RETENTION_HOURS after it was made); from then on the job is EXPIRED and its download answers 410. 文件删除时间。',
  })
  expiresAt!: Date | null;

  static from(j: ExportJob, now = new Date()): ExportJobNode {
    const id = toGlobalId('ExportJob', j.id);
    const status = isExpired(j, now) ? ExportJobStatus.EXPIRED : j.status;
    return Object.assign(new ExportJobNode(), {
      id, kind: j.kind, format: j.format, status, rowsDone: j.rowsDone, rowsTotal: j.rowsTotal ?? null, includePersonalData: j.includePersonalData,
      fileName: j.fileName ?? null, sha256: j.sha256 ?? null, downloadPath: status === ExportJobStatus.DONE ? `${EXPORTS_PATH}/${id}` : null,
      error: j.error ?? null, createdAt: j.createdAt, finishedAt: j.finishedAt ?? null, expiresAt: j.expiresAt ?? null,
    });
  }
}

export const ExportJobConnection = Connection(ExportJobNode, 'ExportJob');

@ObjectType()
export class StartExportPayload {
  @Field(() => ExportJobNode, { nullable: true }) export!: ExportJobNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

