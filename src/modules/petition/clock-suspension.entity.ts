import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { StatutoryClock } from './clock.entity.js';
import { SuspensionReason, SuspensionState } from './petition.enums.js';

/**
 * One suspension of a statutory clock (中止计时): asked by the handler,
 * approved or rejected by another leader-rank member (four eyes, like an
 * extension), ended by resumeClock, which moves the due time by the working
 * days it covered.
 */
@Entity({ tableName: 'clock_suspension' })
@Index({ properties: ['tenant', 'clock'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'clock_suspension_agenda_active', expression: `create index "clock_suspension_agenda_active" on "clock_suspension" ("suspended_from") where "state" = 'ACTIVE'` })
@Index({ properties: ['tenant', 'state', 'suspendedFrom'] })
export class ClockSuspension extends TenantEntity {
  @ManyToOne({ entity: () => StatutoryClock, ref: true, ...sameTenant('clock_id') })
  clock!: Ref<StatutoryClock>;

  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Enum({ items: () => SuspensionReason })
  reason!: SuspensionReason;

  /** The lawful basis and circumstances, as the petitioner is told them. */
  @Property({ type: 'text' })
  basis!: string;

  @Enum({ items: () => SuspensionState })
  state: Opt<SuspensionState> = SuspensionState.PENDING;

  /** When the wait began (the clock stops counting from here once approved). */
  @Property({ type: 'datetime' })
  suspendedFrom!: Date;

  @Property({ type: 'datetime' })
  requestedAt!: Date;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('requested_by_id') })
  requestedBy!: Ref<Member>;

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('decided_by_id') })
  decidedBy?: Ref<Member> | null;

  @Property({ type: 'text', nullable: true })
  rejectionReason?: string | null;

  @Property({ type: 'datetime', nullable: true })
  resumedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('resumed_by_id') })
  resumedBy?: Ref<Member> | null;

  /** Working days of the tenant's calendar the suspension covered: the due time moved by these. */
  @Property({ type: 'integer', nullable: true })
  workingDays?: number | null;

  @Property({ type: 'datetime', nullable: true })
  dueBefore?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  dueAfter?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
