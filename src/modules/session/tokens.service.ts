import jwt from 'jsonwebtoken';
import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { unauthenticated } from '../../platform/errors.js';

export interface AccessClaims {
  sub: string;
  /** Tenant the session acts in; absent for a platform-only session. */
  tid?: string;
  sid: string;
}

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

const ALGORITHM = 'HS256' as const;

/** Short-lived access tokens (JWT, HS256 only) and opaque refresh tokens. */
/** The token of an `Authorization: Bearer <token>` header; null without a header. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  return match[1]!;
}

export class TokenService {
  /** Made once: given a string, jsonwebtoken builds a KeyObject on every sign and verify. */
  private readonly key: KeyObject;

  constructor(readonly settings: TokenSettings) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  /** `expiresAt` is the token's `exp` itself (whole seconds), not a second clock reading. */
  signAccess(claims: AccessClaims): { token: string; expiresAt: Date } {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.settings.accessTtlSeconds;
    const token = jwt.sign({ tid: claims.tid, sid: claims.sid, iat, exp }, this.key, {
      algorithm: ALGORITHM,
      subject: claims.sub,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      jwtid: randomBytes(8).toString('base64url'),
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Any failure (signature, alg, expiry, issuer, audience, shape) is UNAUTHENTICATED, never a 500. */
  verifyAccess(token: string): AccessClaims & { exp: number } {
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: 5,
      });
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw unauthenticated(expired ? 'Access token expired' : 'Invalid access token');
    }
    if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
      throw unauthenticated('Invalid access token');
    }
    if (payload.tid !== undefined && typeof payload.tid !== 'string') throw unauthenticated('Invalid access token');
    if (!isUuid(payload.sub) || !isUuid(payload.sid) || (payload.tid && !isUuid(payload.tid))) {
      throw unauthenticated('Invalid access token');
    }
    return { sub: payload.sub, sid: payload.sid, tid: payload.tid, exp: payload.exp };
  }

  newOpaqueToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashOpaqueToken(token) };
  }

  refreshExpiry(): Date {
    return new Date(Date.now() + this.settings.refreshTtlSeconds * 1000);
  }
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

declare module '../../platform/context.js' {
  interface Services {
    /** Issues and verifies access and refresh tokens. */
    tokens: TokenService;
  }
}
