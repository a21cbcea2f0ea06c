import type { TenantKind } from '../../tenant/tenant.enums.js';
import type { PlanTemplate } from './build.js';
import { townshipDisciplineTemplate } from './township-discipline.js';
import { coalMineTemplate } from './coal-mine.js';
import { townSensitivePeriodTemplate } from './town-sensitive-period.js';
import { cityTemplate, countyTemplate } from './city-county.js';

export type { PlanTemplate } from './build.js';

/** The plan templates shipped, written from the reference plans. */
export const PLAN_TEMPLATES: readonly PlanTemplate[] = [townshipDisciplineTemplate, coalMineTemplate, townSensitivePeriodTemplate, cityTemplate, countyTemplate];

export function templateByKey(key: string): PlanTemplate | undefined {
  return PLAN_TEMPLATES.find((t) => t.key === key);
}

/** The template provisioning drafts for a kind of organisation. */
export function templateForKind(kind: TenantKind): PlanTemplate | undefined {
  return PLAN_TEMPLATES.find((t) => t.tenantKinds.includes(kind));
}

/** A deep copy, so a draft never shares objects with the template. */
export function cloneTemplate(t: PlanTemplate): PlanTemplate {
  return structuredClone(t);
}
