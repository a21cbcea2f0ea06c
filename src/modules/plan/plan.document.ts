// The text of a plan version besides its response levels: what the plan
// says about purpose, scope, principles, organisation and requirements.
import type { ResponseLevel, SupplementaryMeasure } from './plan.model.js';

/** A position in the leading group or the office: a role and the members holding it for this plan. */
export interface OrgPosition {
  /** Role key (template roles) or role id (custom roles). */
  roleKey: string;
  /** The title as the plan words it (组长, 副组长, 成员...). */
  title: string;
  /** Member ids named in the plan (may be empty in a template). */
  memberIds: string[];
}

export interface OrgBody {
  name: string;
  responsibilities: string[];
  positions: OrgPosition[];
}

/** 组织机构: the leading group and the office below it. */
export interface PlanOrganisation {
  leadingGroup: OrgBody;
  office: OrgBody;
}

export interface PlanDocument {
  title: string;
  purpose: string;
  scope: string;
  principles: string[];
  organisation: PlanOrganisation;
  levels: ResponseLevel[];
  /** Supplementary measures: each matching one adds its duties beside the level's. */
  measures: SupplementaryMeasure[];
  generalRequirements: string[];
  /** Duties of a later stage wait until the incident advances to it. */
  stagedDuties?: boolean;
}

export function emptyOrganisation(): PlanOrganisation {
  return {
    leadingGroup: { name: '', responsibilities: [], positions: [] },
    office: { name: '', responsibilities: [], positions: [] },
  };
}
