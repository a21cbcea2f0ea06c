import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Member } from '../member/member.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { ConcernStatus } from './concern.enums.js';

/**
 * A prevention record (预防, plan 004 stage one): a grievance the institution
 * learned of before anyone petitioned and should resolve where it arose, with
 * an owner and a due date. No statutory clock runs; no person is named. It
 * records the grievance and the institution's work on it, never who plans to
 * petition, when or where: petitioning stays a right, the concern is the
 * institution's obligation.
 */
@Entity({ tableName: 'concern' })
@Index({ properties: ['tenant', 'createdAt', 'id'] })
@Index({ properties: ['tenant', 'status', 'resolveBy'] })
@Index({ properties: ['tenant', 'unit'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'concern_agenda_due', expression: `create index "concern_agenda_due" on "concern" ("resolve_by") where "status" = 'OPEN' or "closed_at" > "resolve_by"` })
export class Concern extends TenantEntity {
  @ManyToOne({ entity: () => Unit, ref: true, ...sameTenant('unit_id') })
  unit!: Ref<Unit>;

  /** The grievance (问题), in the institution's words. */
  @Property({ type: 'text' })
  issue!: string;

  /** How many people it affects (a size, not a list). */
  @Property({ type: 'integer' })
  affectedCount!: number;

  /** What the institution will do to resolve it. */
  @Property({ type: 'text' })
  plannedResolution!: string;

  /** When it is to be resolved by: past it, unresolved, it is a finding against the owner. */
  @Property({ type: 'datetime' })
  resolveBy!: Date;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('owner_id') })
  owner!: Ref<Member>;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('recorded_by_id') })
  recordedBy!: Ref<Member>;

  @Enum({ items: () => ConcernStatus })
  status: Opt<ConcernStatus> = ConcernStatus.OPEN;

  /** When it stopped being open (resolved, or became an incident). */
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('closed_by_id') })
  closedBy?: Ref<Member> | null;

  /** How it was resolved. */
  @Property({ type: 'text', nullable: true })
  resolution?: string | null;

  /** The incident it became when a petition was made. */
  @ManyToOne({ entity: () => Incident, nullable: true, ref: true, ...sameTenant('incident_id') })
  incident?: Ref<Incident> | null;

  @Property({ type: 'integer' })
  version: Opt<number> = 1;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/** The work done on a concern, one entry each (append-only). */
@Entity({ tableName: 'concern_update' })
@Index({ properties: ['tenant', 'concern', 'createdAt'] })
export class ConcernUpdate extends TenantEntity {
  @ManyToOne({ entity: () => Concern, ref: true, ...sameTenant('concern_id') })
  concern!: Ref<Concern>;

  @Property({ type: 'text' })
  note!: string;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('recorded_by_id') })
  recordedBy!: Ref<Member>;
}
