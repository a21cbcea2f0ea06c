// The acknowledgement link a notification carries: a short-lived token,
// HMAC-signed with a key derived from the server's JWT secret, naming one
// tenant, one task and one member. It is good for one act only — that member
// acknowledging that task (acknowledgeTaskNotification) — never a session.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ACK_TTL_SECONDS = 24 * 3600;

export interface AckClaims {
  tenantId: string;
  taskId: string;
  memberId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const keyOf = (secret: string) => createHmac('sha256', secret).update('xinfang/notify-ack/v1').digest();

export function signAck(secret: string, claims: AckClaims): string {
  const body = Buffer.from(JSON.stringify([claims.tenantId, claims.taskId, claims.memberId, claims.exp])).toString('base64url');
  const mac = createHmac('sha256', keyOf(secret)).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** The claims, or null when the token is malformed, forged or expired. */
export function verifyAck(secret: string, token: string, now: Date): AckClaims | null {
  const [body, mac] = token.split('.');
  if (!body || !mac) return null;
  const want = createHmac('sha256', keyOf(secret)).update(body).digest();
  const got = Buffer.from(mac, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  try {
    const [tenantId, taskId, memberId, exp] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string, string, number];
    if (typeof exp !== 'number' || exp * 1000 < now.getTime()) return null;
    return { tenantId, taskId, memberId, exp };
  } catch {
    return null;
  }
}
