import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import type { ResponseLevel, SupplementaryMeasure } from './plan.model.js';
import { emptyOrganisation, type PlanDocument, type PlanOrganisation } from './plan.document.js';

export enum PlanStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUPERSEDED = 'SUPERSEDED',
}

/**
 * One version of the tenant's emergency response plan (应急预案). Drafts
 * change; a published version never changes again and is superseded by the
 * next one. The partial unique index makes "at most one PUBLISHED per
 * tenant" a fact of the database, whatever races the application loses.
 */
@Entity({ tableName: 'plan' })
@Unique({ properties: ['tenant', 'version'] })
@Unique({ name: 'plan_one_published_per_tenant', expression: `create unique index "plan_one_published_per_tenant" on "plan" ("tenant_id") where "status" = 'PUBLISHED'` })
@Index({ properties: ['tenant', 'status'] })
export class Plan extends TenantEntity {
  /** 1, 2, 3... per tenant, in creation order. */
  @Property({ type: 'integer' })
  version!: number;

  @Enum({ items: () => PlanStatus })
  status: Opt<PlanStatus> = PlanStatus.DRAFT;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  purpose: Opt<string> = '';

  @Property({ type: 'text' })
  scope: Opt<string> = '';

  @Property({ type: 'json' })
  principles: Opt<string[]> = [];

  @Property({ type: 'json' })
  organisation: Opt<PlanOrganisation> = emptyOrganisation();

  /** Response levels with triggers and duties; validated strictly on every write and at publish. */
  @Property({ type: 'json' })
  levels: Opt<ResponseLevel[]> = [];

  /** Supplementary measures (additive, beside the level); validated like levels. */
  @Property({ type: 'json', default: '[]' })
  measures: Opt<SupplementaryMeasure[]> = [];

  @Property({ type: 'json' })
  generalRequirements: Opt<string[]> = [];

  /** The post-incident review this draft was started from (an incident's id; reviews live on incidents). */
  @Property({ type: 'uuid', nullable: true })
  fromIncidentId?: string | null;

  /** That review's proposed revisions, for the drafter to work through. */
  @Property({ type: 'json', default: '[]' })
  revisionProposals: Opt<string[]> = [];

  /** Duties of a later stage wait until the incident advances to it (off: every duty at once, as before stages). */
  @Property({ type: 'boolean', default: false })
  stagedDuties: Opt<boolean> = false;

  /** The template the first draft of this line came from, if any. */
  @Property({ type: 'text', nullable: true })
  templateKey?: string | null;

  /** The version this draft was copied from. */
  @ManyToOne({ entity: () => Plan, nullable: true, ref: true, ...sameTenant('based_on_id') })
  basedOn?: Ref<Plan> | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('created_by_id') })
  createdBy?: Ref<Member> | null;

  /** Bumped on every draft update: clients send it back to detect concurrent edits. */
  @Property({ type: 'integer' })
  revision: Opt<number> = 1;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @ManyToOne({ entity: () => Member, nullable: true, ref: true, ...sameTenant('published_by_id') })
  publishedBy?: Ref<Member> | null;

  @Property({ type: 'datetime', nullable: true })
  supersededAt?: Date | null;

  @ManyToOne({ entity: () => Plan, nullable: true, ref: true, ...sameTenant('superseded_by_id') })
  supersededBy?: Ref<Plan> | null;

  document(): PlanDocument {
    return {
      title: this.title,
      purpose: this.purpose,
      scope: this.scope,
      principles: this.principles,
      organisation: this.organisation,
      levels: this.levels,
      measures: this.measures,
      generalRequirements: this.generalRequirements,
      stagedDuties: this.stagedDuties,
    };
  }
}
