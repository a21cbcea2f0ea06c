import { Arg, Ctx as GqlCtx, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { assessmentService } from './assessment.service.js';
import { AssessmentFiguresNode, AssessmentGroupBy, AssessmentPeriodInput } from './assessment.types.js';

@Resolver()
export class AssessmentResolver {
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
