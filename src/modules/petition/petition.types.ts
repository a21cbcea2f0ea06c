// GraphQL types of the statutory procedure: clocks and petitioners.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { DayBasis } from '../calendar/clock-math.model.js';
import '../calendar/calendar.types.js';
import type { StatutoryClock } from './clock.entity.js';
import type { Petitioner } from './petitioner.entity.js';
import { ClockKind, ClockParty, ClockState, ExtensionRequestState, PetitionDecision } from './petition.enums.js';
import { effectiveState, isOverdue } from './statutory-clocks.model.js';

registerEnumType(PetitionDecision, {
  name: 'PetitionDecision',
  description: 'Acceptance decision (art. 23): PENDING 待定, ACCEPTED 受理, REFUSED 不予受理, NOT_OURS 转送事项不属本单位（提出异议）.',
});
registerEnumType(ClockKind, {
  name: 'StatutoryClockKind',
  description:
    '信访工作条例 (2022): ACCEPTANCE 15 days from receipt (art. 23); TRANSFER_OBJECTION 5 working days (art. 23 ¶3); REPLY 60 days from acceptance, one extension of ≤30 days (art. 34); ' +
    'REVIEW_REQUEST / REVIEW_ANSWER 30 + 30 days (art. 35); REREVIEW_REQUEST / REREVIEW_ANSWER 30 + 30 days (art. 36). Days count in the tenant zone from the day after the start (tenant setting).',
});
registerEnumType(ClockParty, { name: 'ClockParty', description: 'Who must act: the institution, or the petitioner (a request window). 义务方。' });
registerEnumType(ClockState, {
  name: 'StatutoryClockState',
  description: 'OPEN 计时中, EXTENDED 已延期, MET 已完成, MISSED 已超期, EXPIRED 申请期已过（信访人未申请）, CANCELLED 不再适用.',
});

registerEnumType(ExtensionRequestState, {
  name: 'ExtensionRequestState',
  description: 'PENDING 待批准, APPROVED 已批准（已生效）, REJECTED 不予批准.',
});

@ObjectType('DeadlineExtensionRequest', { description: 'The extension asked for by the handler and its decision by another leader (art. 34, four eyes). 延期申请。' })
export class ExtensionRequestNode {
  @Field(() => ExtensionRequestState) state!: ExtensionRequestState;
  @Field(() => Int) days!: number;
  @Field(() => String) reason!: string;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was rejected. 不予批准理由。' }) rejectionReason!: string | null;
  requestedById!: string | null;
  decidedById!: string | null;
}

@ObjectType('StatutoryClockEntry', { description: 'A step in a clock\'s history. 计时记录。' })
export class ClockHistoryNode {
  @Field(() => Date) at!: Date;
  @Field(() => ClockState) state!: ClockState;
  @Field(() => Date) dueAt!: Date;
  @Field(() => String) note!: string;
  memberId!: string | null;
}

@ObjectType('StatutoryClock', { implements: Node, simpleResolvers: true, description: 'A statutory deadline of the case (信访工作条例) with its history. 法定期限。' })
export class ClockNode extends Node {
  @Field(() => ClockKind) kind!: ClockKind;
  @Field(() => ClockParty) party!: ClockParty;
  @Field(() => String, { description: 'The article that sets it. 依据条款。' }) article!: string;
  @Field(() => DayBasis) basis!: DayBasis;
  @Field(() => Int) days!: number;
  @Field(() => ClockState) state!: ClockState;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { description: 'End of the last day in the tenant zone. 截止时间。' }) dueAt!: Date;
  @Field(() => Date, { description: 'Due time before any extension. 原截止时间。' }) originalDueAt!: Date;
  @Field(() => Date, { nullable: true }) metAt!: Date | null;
  @Field(() => Int, { nullable: true }) extensionDays!: number | null;
  @Field(() => String, { nullable: true }) extensionReason!: string | null;
  @Field(() => Date, { nullable: true }) extendedAt!: Date | null;
  @Field(() => String, {
    description: 'How the due time was computed: counting rule, days counted or skipped, and any year counted with weekends only. 计算说明。',
  })
  explanation!: string;
  @Field(() => [Int], { description: 'Years without holiday data, counted with weekends only. 缺少节假日数据的年份。' }) fallbackYears!: number[];
  @Field(() => Boolean, { description: 'The institution\'s clock is running past its due time. 是否超期。' }) overdue!: boolean;
  @Field(() => Boolean, { description: 'Met after its due time. 是否逾期完成。' }) late!: boolean;
  @Field(() => [ClockHistoryNode]) history!: ClockHistoryNode[];
  @Field(() => ExtensionRequestNode, { nullable: true, description: 'The latest extension request of the reply clock, pending or decided. 延期申请。' })
  extensionRequest!: ExtensionRequestNode | null;

  rawId!: string;
  incidentId!: string;
  extensionApprovedById!: string | null;

  static from(c: StatutoryClock, now = new Date()): ClockNode {
    return Object.assign(new ClockNode(), {
      id: toGlobalId('StatutoryClock', c.id),
      rawId: c.id,
      kind: c.kind,
      party: c.party,
      article: c.article,
      basis: c.basis,
      days: c.days,
      state: effectiveState(c, now),
      startedAt: c.startedAt,
      dueAt: c.dueAt,
      originalDueAt: c.originalDueAt,
      metAt: c.metAt ?? null,
      extensionDays: c.extensionDays ?? null,
      extensionReason: c.extensionReason ?? null,
      extendedAt: c.extendedAt ?? null,
      explanation: c.explanation,
      fallbackYears: c.fallbackYears,
      overdue: isOverdue(c, now),
      late: !!c.metAt && c.metAt > c.dueAt,
      history: c.history.map((h) => Object.assign(new ClockHistoryNode(), { at: new Date(h.at), state: h.state, dueAt: new Date(h.dueAt), note: h.note, memberId: h.memberId })),
      extensionRequest: c.extensionRequestState
        ? Object.assign(new ExtensionRequestNode(), {
            state: c.extensionRequestState,
            days: c.extensionRequestDays,
            reason: c.extensionRequestReason,
            requestedAt: c.extensionRequestedAt,
            decidedAt: c.extensionDecidedAt ?? null,
            rejectionReason: c.extensionRejectionReason ?? null,
            requestedById: c.extensionRequestedBy?.id ?? null,
            decidedById: c.extensionDecidedBy?.id ?? null,
          })
        : null,
      incidentId: c.incident.id,
      extensionApprovedById: c.extensionApprovedBy?.id ?? null,
    });
  }
}

@ObjectType('Petitioner', {
  implements: Node,
  description: 'A petitioner. Name and contact need PETITIONER_PII_READ and every read is logged; without it they are null. 信访人（姓名、联系方式需授权读取并留痕）。',
})
export class PetitionerNode extends Node {
  @Field(() => Int) position!: number;
  @Field(() => Boolean, { description: 'A representative of a group visit (at most 5, art. 20). 代表。' }) representative!: boolean;

  rawId!: string;
  incidentId!: string;
  entity!: Petitioner;

  static from(p: Petitioner): PetitionerNode {
    return Object.assign(new PetitionerNode(), {
      id: toGlobalId('Petitioner', p.id),
      rawId: p.id,
      position: p.position,
      representative: p.representative,
      incidentId: p.incident.id,
      entity: p,
    });
  }
}
