import { Ctx as GqlCtx, Field, FieldResolver, Float, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { incidentNodeOf } from '../incident/incident.loaders.js';
import { IncidentNode } from '../incident/incident.types.js';
import { possibleRepeats, RepeatReason } from './repeats.service.js';

registerEnumType(RepeatReason, {
  name: 'RepeatReason',
  description: 'SAME_PETITIONER 同一信访人（匹配码）, SAME_UNIT_AND_TOPIC 同一单位、同一事项分类, SIMILAR_TEXT 摘要和诉求相似（三元组相似度 ≥ 0.3）.',
});

@ObjectType('RepeatCandidate', { simpleResolvers: true, description: 'An earlier incident that may be the same matter. 疑似重复信访。' })
export class RepeatCandidateNode {
  @Field(() => IncidentNode, { nullable: true }) incident!: IncidentNode | null;
  @Field(() => Float, { description: '0.6 for the same petitioner, 0.1 for the same unit and topic, plus 0.3 × text similarity. 排序分值。' }) score!: number;
  @Field(() => [RepeatReason]) reasons!: RepeatReason[];
  @Field(() => Float, { description: 'pg_trgm similarity of summary and demands, 0–1. 文本相似度。' }) textSimilarity!: number;
}

@Resolver(() => IncidentNode)
export class IncidentRepeatsResolver {
  @FieldResolver(() => [RepeatCandidateNode], {
    description:
      'Earlier incidents the caller may see that may be the same matter, best first, each with its reasons: the same petitioner (keyed hash of the normalised name and contact, compared in the database), the same unit and topic, similar text. At most 10. 疑似重复信访（按相关度排序）。',
  })
  async possibleRepeats(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<RepeatCandidateNode[]> {
    const found = await possibleRepeats(ctx, i.rawId);
    return Promise.all(
      found.map(async (c) => Object.assign(new RepeatCandidateNode(), { incident: await incidentNodeOf(ctx, c.incidentId), score: c.score, reasons: c.reasons, textSimilarity: c.textSimilarity })),
    );
  }
}
