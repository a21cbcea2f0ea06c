import { Arg, Ctx as GqlCtx, Field, FieldResolver, Float, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { incidentAccess } from '../incident/incident.access.js';
import { incidentNodeOf } from '../incident/incident.loaders.js';
import { IncidentNode, IncidentPayload } from '../incident/incident.types.js';
import type { Incident } from '../incident/incident.entity.js';
import { repeatLinks } from './repeat-links.service.js';
import { LinkRepeatInput, UnlinkRepeatInput } from './repeat-links.inputs.js';
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

  @FieldResolver(() => IncidentNode, { nullable: true, description: 'The earlier incident a handler linked this one to as the same matter, when the caller may see it (linkRepeat). 重复信访所关联的原事项。' })
  async repeatOf(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<IncidentNode | null> {
    if (!i.repeatOfId) return null;
    const visible = await incidentAccess.visibleIncidentIds(ctx, [i.repeatOfId]);
    return visible.has(i.repeatOfId) ? incidentNodeOf(ctx, i.repeatOfId) : null;
  }

  @Mutation(() => IncidentPayload, {
    description: 'Links the incident to an earlier one the caller may see as the same matter (重复信访). When that earlier case completed re-review (复核), acceptPetition refuses to accept this one again (ALREADY_REREVIEWED, citing the case). 关联重复信访。',
  })
  @Allow.member(Permission.PETITION_DECIDE)
  async linkRepeat(@GqlCtx() ctx: Ctx, @Arg('input', () => LinkRepeatInput) input: LinkRepeatInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await repeatLinks.link(ctx, input), incidentPayload);
  }

  @Mutation(() => IncidentPayload, { description: 'Takes back a repeat link (NOT_A_REPEAT when there is none). 取消重复信访关联。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async unlinkRepeat(@GqlCtx() ctx: Ctx, @Arg('input', () => UnlinkRepeatInput) input: UnlinkRepeatInput): Promise<IncidentPayload> {
    return toPayload(IncidentPayload, await repeatLinks.unlink(ctx, input), incidentPayload);
  }
}

const incidentPayload = (i: Incident) => ({ incident: IncidentNode.from(i) });
