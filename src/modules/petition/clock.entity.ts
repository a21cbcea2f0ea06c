import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { DayBasis } from '../calendar/clock-math.model.js';
import { Incident } from '../incident/incident.entity.js';
import { ClockKind, ClockParty, ClockState, ExtensionRequestState } from './petition.enums.js';
import type { ClockHistoryEntry, ClockRecord } from './statutory-clocks.model.js';

/** A statutory clock of an incident: start, due time, state and its history. */
@Entity({ tableName: 'statutory_clock' })
@Unique({ properties: ['tenant', 'incident', 'kind'] })
@Index({ properties: ['tenant', 'state', 'dueAt'] })
// Cross-tenant probe of the background jobs' agenda (leading column: the due time).
@Index({ name: 'statutory_clock_agenda_due', expression: `create index "statutory_clock_agenda_due" on "statutory_clock" ("due_at") where "party" = 'INSTITUTION' and ("state" in ('OPEN', 'EXTENDED', 'MISSED') or ("state" = 'MET' and "met_at" > "due_at"))` })
export class StatutoryClock extends TenantEntity implements ClockRecord {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @Enum({ items: () => ClockKind })
  kind!: ClockKind;

  @Enum({ items: () => ClockParty })
  party!: ClockParty;

  @Enum({ items: () => DayBasis })
  basis!: DayBasis;

  @Property({ type: 'integer' })
  days!: number;

  @Property({ type: 'text' })
  article!: string;

  @Enum({ items: () => ClockState })
  state: Opt<ClockState> = ClockState.OPEN;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  /** The due time before any extension. */
  @Property({ type: 'datetime' })
  originalDueAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  metAt?: Date | null;

  @Property({ type: 'integer', nullable: true })
  extensionDays?: number | null;

  @Property({ type: 'text', nullable: true })
  extensionReason?: string | null;

  @Property({ type: 'datetime', nullable: true })
  extendedAt?: Date | null;

  /** The leader-rank member who approved the extension (art. 34: 本机关、单位负责人批准). */
  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('extension_approved_by_id') })
  extensionApprovedBy?: Ref<Member> | null;

  // The extension request (art. 34, four eyes): asked by the handler, decided by another, leader-rank member.
  // One request at a time; a rejected one may be followed by a new one until the extension is used.
  @Enum({ items: () => ExtensionRequestState, nullable: true })
  extensionRequestState?: ExtensionRequestState | null;

  @Property({ type: 'integer', nullable: true })
  extensionRequestDays?: number | null;

  @Property({ type: 'text', nullable: true })
  extensionRequestReason?: string | null;

  @Property({ type: 'datetime', nullable: true })
  extensionRequestedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('extension_requested_by_id') })
  extensionRequestedBy?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  extensionDecidedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('extension_decided_by_id') })
  extensionDecidedBy?: Ref<Member> | null;

  @Property({ type: 'text', nullable: true })
  extensionRejectionReason?: string | null;

  @Property({ type: 'text' })
  explanation!: string;

  /** Years counted with weekends only for want of holiday data. */
  @Property({ type: 'json' })
  fallbackYears: Opt<number[]> = [];

  @Property({ type: 'json' })
  history: Opt<ClockHistoryEntry[]> = [];

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
