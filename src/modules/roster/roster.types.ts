import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { LocalDateResolver, LocalTimeResolver } from 'graphql-scalars';
import { UnitNode } from '../unit/unit.types.js';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { localDateOf, localTimeOf, toLocalIso } from '../../platform/zoned-time.js';
import type { DutyShift } from './roster.entity.js';

@ObjectType('DutyShift', { implements: Node, description: 'A shift of a unit\'s 24-hour duty roster (值班): who is on duty and which leader is on call. 值班班次。' })
export class DutyShiftNode extends Node {
  @Field(() => Date, { description: 'Start (inclusive). 开始时间。' }) startsAt!: Date;
  @Field(() => Date, { description: 'End (exclusive). 结束时间。' }) endsAt!: Date;
  @Field(() => String, { description: 'Start in the tenant\'s time zone, ISO-8601 with offset. 本地开始时间。' }) localStart!: string;
  @Field(() => String, { description: 'End in the tenant\'s time zone, ISO-8601 with offset. 本地结束时间。' }) localEnd!: string;
  @Field(() => LocalDateResolver, { description: 'Local date the shift starts on. 值班日期。' }) date!: string;
  @Field(() => LocalTimeResolver, { description: 'Local start time (HH:mm).' }) startTime!: string;
  @Field(() => LocalTimeResolver, { description: 'Local end time (HH:mm); at or before startTime means the next day.' }) endTime!: string;
  @Field(() => String, { nullable: true, description: 'Handover notes (交接班记录). 交接记录。' }) handoverNote!: string | null;
  @Field(() => Date, { nullable: true }) handedOverAt!: Date | null;
  @Field(() => Date) createdAt!: Date;

  rawId!: string;
  unitId!: string;
  onDutyMemberId!: string;
  leaderOnCallId!: string;
  handedOverById!: string | null;

  static from(s: DutyShift, tz: string): DutyShiftNode {
    return Object.assign(new DutyShiftNode(), {
      id: toGlobalId('DutyShift', s.id),
      rawId: s.id,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      localStart: toLocalIso(s.startsAt, tz),
      localEnd: toLocalIso(s.endsAt, tz),
      date: localDateOf(s.startsAt, tz),
      startTime: localTimeOf(s.startsAt, tz),
      endTime: localTimeOf(s.endsAt, tz),
      handoverNote: s.handoverNote ?? null,
      handedOverAt: s.handedOverAt ?? null,
      createdAt: s.createdAt,
      unitId: s.unit.id,
      onDutyMemberId: s.onDutyMember.id,
      leaderOnCallId: s.leaderOnCall.id,
      handedOverById: s.handedOverBy?.id ?? null,
    });
  }
}

export const DutyShiftConnection = Connection(DutyShiftNode, 'DutyShift');

export enum RosterWarningCode {
  GAP = 'GAP',
  OVERLAP = 'OVERLAP',
  NOT_COVERING = 'NOT_COVERING',
}
registerEnumType(RosterWarningCode, { name: 'RosterWarningCode', description: 'GAP: nobody on duty for a while; OVERLAP: two shifts of the unit overlap; NOT_COVERING: the member on duty or the leader on call does not handle this unit\'s cases (its jurisdiction does not cover the unit), so it will not see the incidents it is told of first. 排班提示。' });

@ObjectType('RosterWarning', { description: 'Something to look at in a saved roster; it was saved anyway. 排班提示。' })
export class RosterWarning {
  @Field(() => RosterWarningCode) code!: RosterWarningCode;
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
  @Field(() => String, { description: 'From, in the tenant\'s time zone.' }) localFrom!: string;
  @Field(() => String, { description: 'To, in the tenant\'s time zone.' }) localTo!: string;
  @Field(() => Int) minutes!: number;
  @Field(() => String) message!: string;
}

@InputType('DutyShiftInput', { description: 'A shift in the tenant\'s local time; an end at or before the start is on the next day (20:00–08:00 crosses midnight; 08:00–08:00 is 24 hours). 班次。' })
export class DutyShiftInput {
  @Field(() => LocalDateResolver, { description: 'Local date the shift starts on.' }) date!: string;
  @Field(() => LocalTimeResolver, { description: 'Local start time, to the minute.' }) startTime!: string;
  @Field(() => LocalTimeResolver, { description: 'Local end time, to the minute.' }) endTime!: string;
  @Field(() => ID, { description: 'The member on duty (值班人员).' }) onDutyMemberId!: string;
  @Field(() => ID, { description: 'The leader on call (带班领导): a member holding a leader-rank role.' }) leaderOnCallMemberId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20000) handoverNote?: string | null;
}

@InputType({ description: 'Replaces the unit\'s shifts that start within the window (local dates, inclusive). 保存值班表。' })
export class SaveRosterInput {
  @Field(() => ID) unitId!: string;
  @Field(() => LocalDateResolver, { description: 'First day of the window (local).' }) from!: string;
  @Field(() => LocalDateResolver, { description: 'Last day of the window, inclusive (local).' }) to!: string;
  @Field(() => [DutyShiftInput]) @ArrayMaxSize(500) shifts!: DutyShiftInput[];
}

@ObjectType()
export class SaveRosterPayload {
  @Field(() => UnitNode, { nullable: true, description: 'The unit whose roster was saved.' }) unit!: UnitNode | null;
  @Field(() => [DutyShiftNode], { nullable: true, description: 'The unit\'s shifts overlapping the window, in order.' }) shifts!: DutyShiftNode[] | null;
  @Field(() => [RosterWarning], { description: 'Gaps and overlaps in the window; the roster was saved. 排班提示（已保存）。' }) warnings!: RosterWarning[];
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Handover notes of a shift, by the member on duty or a roster manager. 交接班记录。' })
export class RecordHandoverInput {
  @Field(() => ID) dutyShiftId!: string;
  @Field(() => String) @Length(1, 20000) note!: string;
}

@ObjectType()
export class DutyShiftPayload {
  @Field(() => DutyShiftNode, { nullable: true }) shift!: DutyShiftNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('OnDuty', { description: 'Who is on duty at a moment for a unit: its own roster, else the nearest ancestor\'s. 当前值班。' })
export class OnDutyNode {
  @Field(() => Date) at!: Date;
  @Field(() => String, { description: 'The moment in the tenant\'s time zone.' }) localTime!: string;
  @Field(() => [DutyShiftNode]) shifts!: DutyShiftNode[];

  unitId!: string | null;
  memberIds!: string[];
  leaderMemberIds!: string[];
}
