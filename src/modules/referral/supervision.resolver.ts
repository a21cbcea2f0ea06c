import { Arg, Ctx as GqlCtx, Mutation, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { validateInput } from '../../platform/validation.js';
import { precheck, type Outcome } from '../../platform/audit/mutation.js';
import { supervisionService } from './supervision.service.js';
import { AnswerSupervisionOrderInput, IssueSupervisionOrderInput, SupervisionOrderNode, SupervisionOrderPayload } from './supervision.types.js';
import type { SupervisionOrder } from './supervision-order.entity.js';

nodeFetchers.set('SupervisionOrder', async (ctx, id) => {
  if (!ctx.actor?.memberId || !ctx.actor.permissions.has(Permission.INCIDENT_READ)) return null;
  const o = await supervisionService.findOrder(ctx, id);
  return o ? SupervisionOrderNode.from(o) : null;
});

function payload(outcome: Outcome<SupervisionOrder>): SupervisionOrderPayload {
  return toPayload(SupervisionOrderPayload, outcome, (o) => ({ order: SupervisionOrderNode.from(o) }));
}

@Resolver(() => SupervisionOrderNode)
export class SupervisionResolver {
  @Mutation(() => SupervisionOrderPayload, { description: '督办: the upper organ orders the lower one on an assigned matter, with an answer due time.' })
  @Allow.member(Permission.PETITION_DECIDE)
  async issueSupervisionOrder(@GqlCtx() ctx: Ctx, @Arg('input', () => IssueSupervisionOrderInput) input: IssueSupervisionOrderInput): Promise<SupervisionOrderPayload> {
    const v = await precheck(() => validateInput(input));
    return payload(v.ok ? await supervisionService.issue(ctx, input) : v);
  }

  @Mutation(() => SupervisionOrderPayload, { description: 'The lower organ answers a supervision order. 答复督办。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async answerSupervisionOrder(@GqlCtx() ctx: Ctx, @Arg('input', () => AnswerSupervisionOrderInput) input: AnswerSupervisionOrderInput): Promise<SupervisionOrderPayload> {
    const v = await precheck(() => validateInput(input));
    return payload(v.ok ? await supervisionService.answer(ctx, input) : v);
  }
}
