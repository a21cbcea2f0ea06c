import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from './user.entity.js';
import { normalizeEmail } from './user.service.js';
import { hashPassword } from '../session/password.service.js';
import { appendPlatformLog } from '../../platform/audit/log-writer.js';

/** Creates (or promotes) a platform administrator; logged in the platform log. */
export async function ensurePlatformAdmin(em: EntityManager, email: string, displayName: string, password: string | null): Promise<User> {
  const normalized = normalizeEmail(email);
  let user = await em.findOne(User, { email: normalized });
  const created = !user;
  if (!user) {
    user = em.create(User, { email: normalized, displayName, platformAdmin: true });
    em.persist(user);
  }
  user.platformAdmin = true;
  if (password) user.passwordHash = await hashPassword(password);
  await em.flush();
  await appendPlatformLog(em, {
    actorUserId: null,
    action: created ? 'platform_admin.create' : 'platform_admin.promote',
    targetType: 'User',
    targetId: user.id,
    changes: [{ type: 'User', id: user.id, op: created ? 'create' : 'update', before: null, after: { email: normalized, platformAdmin: true } }],
    requestId: 'admin-cli',
  });
  return user;
}
