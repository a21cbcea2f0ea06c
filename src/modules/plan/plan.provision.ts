// The plan step of provisioning: a new tenant starts with a draft of the
// template that fits its kind (version 1), ready to review and publish.
import type { ProvisionHook } from '../../platform/hooks.js';
import type { TenantKind } from '../tenant/tenant.enums.js';
import { planService } from './plan.service.js';
import { templateForKind } from './templates/index.js';

export const planProvisionHook: ProvisionHook = async (tx, tenant, info) => {
  const template = templateForKind(tenant.kind as TenantKind);
  if (!template) return;
  await planService.createTemplateDraft(tx, tenant.id, template, info.adminMemberId);
};
