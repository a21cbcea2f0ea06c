import { createMethodMiddlewareDecorator } from 'type-graphql';
import type { Ctx } from '../context.js';
import { requireActor, requireAnyPermission, requirePermission, requirePlatformRole } from '../authz.js';
import type { PlatformRole } from '../platform-roles.js';
import type { Permission } from '../permissions.js';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'platformAdmin'; roles: PlatformRole[] }
  | { kind: 'member'; permissions: Permission[] }
  | { kind: 'memberOrPlatformAdmin'; permissions: Permission[] }
  | { kind: 'memberWithAny'; permissions: Permission[] }
  | { kind: 'memberWithAnyOrPlatformAdmin'; permissions: Permission[] };

/** Root field name → its access rule. A test snapshots it: a diff is a permission change. */
export const accessRules = new Map<string, AccessRule>();

function decorate(rule: AccessRule): MethodDecorator {
  const check = createMethodMiddlewareDecorator<Ctx>(async ({ context }, next) => {
    switch (rule.kind) {
      case 'public':
        break;
      case 'signedIn':
        requireActor(context);
        break;
      case 'platformAdmin':
        requirePlatformRole(context, ...rule.roles);
        break;
      case 'member':
        requirePermission(context, ...rule.permissions);
        break;
      case 'memberOrPlatformAdmin':
        // The service decides what a platform administrator may see (e.g. a tenant's grant).
        if (!requireActor(context).platformAdmin) requirePermission(context, ...rule.permissions);
        break;
      case 'memberWithAny':
        requireAnyPermission(context, ...rule.permissions);
        break;
      case 'memberWithAnyOrPlatformAdmin':
        if (!requireActor(context).platformAdmin) requireAnyPermission(context, ...rule.permissions);
        break;
    }
    return next();
  });
  return (target, key, descriptor) => {
    accessRules.set(String(key), rule);
    return check(target, key, descriptor);
  };
}

/** Who may call a root field; every Query, Mutation and Subscription field declares one. */
export const Allow = {
  public: () => decorate({ kind: 'public' }),
  signedIn: () => decorate({ kind: 'signedIn' }),
  /** A platform administrator holding one of the roles named. */
  platform: (...roles: PlatformRole[]) => decorate({ kind: 'platformAdmin', roles }),
  /** An active member of the session's tenant holding every permission named. */
  member: (...permissions: Permission[]) => decorate({ kind: 'member', permissions }),
  /** Like member(), or a platform administrator (the service then checks what the tenant granted). */
  memberOrPlatformAdmin: (...permissions: Permission[]) => decorate({ kind: 'memberOrPlatformAdmin', permissions }),
  /** An active member of the session's tenant holding at least one of the permissions named. */
  memberWithAny: (...permissions: Permission[]) => decorate({ kind: 'memberWithAny', permissions }),
  /** A member holding at least one of the permissions named, or a platform administrator; the service decides what each may see. */
  memberWithAnyOrPlatformAdmin: (...permissions: Permission[]) => decorate({ kind: 'memberWithAnyOrPlatformAdmin', permissions }),
};
