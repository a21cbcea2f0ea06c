import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from './user.entity.js';
import { PasswordToken } from '../session/session.entity.js';
import type { TokenService } from '../session/tokens.service.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Finds the user by e-mail or creates one without a password. */
export async function findOrCreateUser(em: EntityManager, email: string, displayName: string): Promise<{ user: User; created: boolean }> {
  const normalized = normalizeEmail(email);
  const existing = await em.findOne(User, { email: normalized });
  if (existing) return { user: existing, created: false };
  const user = em.create(User, { email: normalized, displayName: displayName.trim() });
  em.persist(user);
  return { user, created: true };
}

export const PASSWORD_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;

/** A one-time set-password token; only its hash is stored. Null when the user already has a password. */
export function issuePasswordToken(em: EntityManager, tokens: TokenService, user: User): string | null {
  if (user.passwordHash) return null;
  const { token, hash } = tokens.newOpaqueToken();
  em.persist(em.create(PasswordToken, { user, tokenHash: hash, expiresAt: new Date(Date.now() + PASSWORD_TOKEN_TTL_MS) }));
  return token;
}
