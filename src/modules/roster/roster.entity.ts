import { Check, Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Unit } from '../unit/unit.entity.js';

/**
 * One shift of a unit's 24-hour duty roster (值班): who is on duty and which
 * leader is on call (带班领导) from `startsAt` to `endsAt` (half-open). A shift
 * may cross midnight in the tenant's time zone.
 */
@Entity({ tableName: 'duty_shift' })
@Check({ name: 'duty_shift_ends_after_start', expression: 'ends_at > starts_at' })
@Index({ properties: ['tenant', 'unit', 'startsAt'] })
@Index({ properties: ['tenant', 'startsAt', 'endsAt'] })
export class DutyShift extends TenantEntity {
  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;

  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Property({ type: 'datetime' })
  endsAt!: Date;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('on_duty_member_id') })
  onDutyMember!: Ref<Member>;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('leader_on_call_id') })
  leaderOnCall!: Ref<Member>;

  /** What the shift hands over to the next one (交接班记录). */
  @Property({ type: 'text', nullable: true })
  handoverNote?: string | null;

  @Property({ type: 'datetime', nullable: true })
  handedOverAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('handed_over_by_id') })
  handedOverBy?: Ref<Member> | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('created_by_id') })
  createdBy?: Ref<Member> | null;
}
