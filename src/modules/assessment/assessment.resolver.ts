import { Arg, Ctx as GqlCtx, Field, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { toPayload } from '../../platform/graphql/payload.js';
import { ExportFormat } from '../../platform/export/tabular.js';
import { ExportFileNode, ExportPayload } from '../../platform/export/export.types.js';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { assessmentService } from './assessment.service.js';
import { AssessmentFiguresNode, AssessmentGroupBy, AssessmentPeriodInput } from './assessment.types.js';

@InputType({ description: 'assessmentFigures as a file. 导出考核指标。' })
export class ExportAssessmentFiguresInput {
  @Field(() => AssessmentPeriodInput) period!: AssessmentPeriodInput;
  @Field(() => AssessmentGroupBy) groupBy!: AssessmentGroupBy;
  @Field(() => ExportFormat) format!: ExportFormat;
}

@Resolver()
export class AssessmentResolver {
  @Mutation(() => ExportPayload, { description: 'assessmentFigures as CSV (UTF-8 with BOM), XLSX or JSON Lines: the totals, then one row per group; logged with the file\'s sha256. 导出考核指标。' })
  @Allow.member(Permission.ACCOUNTABILITY_READ)
  async exportAssessmentFigures(@GqlCtx() ctx: Ctx, @Arg('input', () => ExportAssessmentFiguresInput) input: ExportAssessmentFiguresInput): Promise<ExportPayload> {
    return toPayload(ExportPayload, await assessmentService.export(ctx, input), (f) => ({ file: ExportFileNode.from(f) }));
  }

  @Query(() => AssessmentFiguresNode, {
    description:
      'Assessment figures (三率: timely acceptance, on-time closing, satisfaction; and participation) of the incidents received in the period that the caller may see, in total and per unit, matter type or month, each with numerator and denominator; computed in the database. 信访工作考核指标。',
  })
  @Allow.member(Permission.ACCOUNTABILITY_READ)
  assessmentFigures(
    @GqlCtx() ctx: Ctx,
    @Arg('period', () => AssessmentPeriodInput) period: AssessmentPeriodInput,
    @Arg('groupBy', () => AssessmentGroupBy) groupBy: AssessmentGroupBy,
  ): Promise<AssessmentFiguresNode> {
    return assessmentService.figures(ctx, period, groupBy);
  }
}
