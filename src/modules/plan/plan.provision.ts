// The plan step of provisioning: a new tenant starts with a draft of the
// template that fits its kind (version 1), ready to review and publish.
import type { ProvisionHook } from '../tenant/provision-hooks.js';
import { planService } from './plan.service.js';
import { templateForKind } from './templates/index.js';

export const planProvisionHook: ProvisionHook = async (tx, tenant, info) => {
  const template = templateForKind(tenant.kind);
  if (!template) return;
  await planService.createTemplateDraft(tx, tenant.id, template, info.adminMemberId);
};
