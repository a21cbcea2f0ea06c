import { Arg, Ctx as GqlCtx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { ExportFormat } from '../../platform/export/tabular.js';
import { ExportFileNode, ExportPayload } from '../../platform/export/export.types.js';
import { IncidentFilter, IncidentOrder } from './incident.inputs.js';
import { exportIncidents } from './incident-export.service.js';

@InputType({ description: 'The incidents list as a file: the same filter and order as incidents(). 导出信访事件。' })
export class ExportIncidentsInput {
  @Field(() => IncidentFilter, { nullable: true }) filter?: IncidentFilter | null;
  @Field(() => IncidentOrder, { nullable: true }) orderBy?: IncidentOrder | null;
  @Field(() => ExportFormat) format!: ExportFormat;
  @Field(() => Boolean, { defaultValue: false, description: 'Petitioners\' names and contacts: needs PETITIONER_PII_READ; each read is logged. 含信访人个人信息。' })
  includePersonalData!: boolean;
}

@Resolver()
export class IncidentExportResolver {
  @Mutation(() => ExportPayload, {
    description:
      'The incidents the caller may see (filter and order as incidents()), as CSV (UTF-8 with BOM), XLSX or JSON Lines, at most 10,000 rows; logged with the file\'s sha256. 导出信访事件。',
  })
  @Allow.member(Permission.INCIDENT_READ)
  async exportIncidents(@GqlCtx() ctx: Ctx, @Arg('input', () => ExportIncidentsInput) input: ExportIncidentsInput): Promise<ExportPayload> {
    return toPayload(ExportPayload, await exportIncidents(ctx, input), (f) => ({ file: ExportFileNode.from(f) }));
  }
}
