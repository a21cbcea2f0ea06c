// The GraphQL shape of a clock suspension (中止计时).
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import type { ClockSuspension } from './clock-suspension.entity.js';
import { SuspensionReason, SuspensionState } from './petition.enums.js';

@ObjectType('ClockSuspension', { implements: Node, description: 'A suspension of a statutory clock: asked, decided by another leader, resumed. 中止计时记录。' })
export class ClockSuspensionNode extends Node {
  @Field(() => SuspensionReason) reason!: SuspensionReason;
  @Field(() => String, { description: 'Lawful basis and circumstances. 依据。' }) basis!: string;
  @Field(() => SuspensionState) state!: SuspensionState;
  @Field(() => Date, { description: 'When the wait began. 中止起始时间。' }) suspendedFrom!: Date;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) rejectionReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the clock ran again. 恢复计时时间。' }) resumedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Working days of the tenant calendar the suspension covered; the due time moved by these. 中止的工作日数。' })
  workingDays!: number | null;
  @Field(() => Date, { nullable: true }) dueBefore!: Date | null;
  @Field(() => Date, { nullable: true }) dueAfter!: Date | null;

  rawId!: string;
  clockId!: string;
  requestedById!: string;
  decidedById!: string | null;
  resumedById!: string | null;

  static from(s: ClockSuspension): ClockSuspensionNode {
    return Object.assign(new ClockSuspensionNode(), {
      id: toGlobalId('ClockSuspension', s.id),
      rawId: s.id,
      clockId: s.clock.id,
      reason: s.reason,
      basis: s.basis,
      state: s.state,
      suspendedFrom: s.suspendedFrom,
      requestedAt: s.requestedAt,
      decidedAt: s.decidedAt ?? null,
      rejectionReason: s.rejectionReason ?? null,
      resumedAt: s.resumedAt ?? null,
      workingDays: s.workingDays ?? null,
      dueBefore: s.dueBefore ?? null,
      dueAfter: s.dueAfter ?? null,
      requestedById: s.requestedBy.id,
      decidedById: s.decidedBy?.id ?? null,
      resumedById: s.resumedBy?.id ?? null,
    });
  }
}
