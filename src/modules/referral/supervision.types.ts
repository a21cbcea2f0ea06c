import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Length } from 'class-validator';
import { Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import type { SupervisionOrder } from './supervision-order.entity.js';

@ObjectType('SupervisionOrder', { implements: Node, description: 'A supervision order of the upper organ on a referral, and the lower organ\'s answer. 督办单。' })
export class SupervisionOrderNode extends Node {
  @Field(() => ID) referralId!: string;
  @Field(() => String) instruction!: string;
  @Field(() => Date, { description: 'When the answer is due. 答复时限。' }) dueAt!: Date;
  @Field(() => Boolean, { description: 'Raised automatically (提级督办). 自动提级督办。' }) escalated!: boolean;
  @Field(() => String, { nullable: true }) cause!: string | null;
  @Field(() => String, { nullable: true }) answer!: string | null;
  @Field(() => Date, { nullable: true }) answeredAt!: Date | null;
  @Field(() => Date) createdAt!: Date;

  static from(o: SupervisionOrder): SupervisionOrderNode {
    return Object.assign(new SupervisionOrderNode(), {
      id: toGlobalId('SupervisionOrder', o.id),
      referralId: toGlobalId('Referral', o.referralId),
      instruction: o.instruction, dueAt: o.dueAt, escalated: !!o.cause, cause: o.cause ?? null,
      answer: o.answer ?? null, answeredAt: o.answeredAt ?? null, createdAt: o.createdAt,
    });
  }
}

@InputType()
export class IssueSupervisionOrderInput {
  @Field(() => ID) referralId!: string;
  @Field(() => String) @Length(1, 4000) instruction!: string;
  @Field(() => Date, { description: 'When the answer is due. 答复时限。' }) dueAt!: Date;
}

@InputType()
export class AnswerSupervisionOrderInput {
  @Field(() => ID) orderId!: string;
  @Field(() => String) @Length(1, 8000) answer!: string;
}

@ObjectType()
export class SupervisionOrderPayload {
  @Field(() => SupervisionOrderNode, { nullable: true }) order!: SupervisionOrderNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
