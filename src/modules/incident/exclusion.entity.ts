import { Entity, Enum, Index, ManyToOne, Unique, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { Incident } from './incident.entity.js';
import { ExclusionKind } from './incident.enums.js';

/**
 * Members kept out of a confidential case (举报): the officials reported and
 * those recused. They get NOT_FOUND for the incident and everything under it.
 */
@Entity({ tableName: 'incident_exclusion' })
@Unique({ properties: ['tenant', 'incident', 'member'] })
@Index({ properties: ['tenant', 'member'] })
export class IncidentExclusion extends TenantEntity {
  @ManyToOne({ entity: () => Incident, ref: true, ...sameTenant('incident_id') })
  incident!: Ref<Incident>;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('member_id') })
  member!: Ref<Member>;

  @Enum({ items: () => ExclusionKind })
  kind!: ExclusionKind;
}
