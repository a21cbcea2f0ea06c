import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../../platform/config/config.js';
import type { Actor, RequestInfo, TenantInfo } from '../../platform/context.js';
import type { Services } from '../../platform/context.js';
import { bearerToken, type AccessClaims } from '../session/tokens.service.js';
import { loadActor } from '../session/actor.service.js';
import { CloseCodes, type CloseReason } from './close-codes.js';
import { SocketSendQueue } from './send-queue.js';
import { inTenantTransaction } from '../../platform/db/tenant-transaction.js';
import { closeReasonFor, sessionStates } from './session-state.js';

export type MemberActor = Actor & { memberId: string; unitPath: string; tenant: TenantInfo };

/**
 * Equal actors loaded for different sockets (one member's sockets of one
 * session) share one object: actors are never mutated, only replaced, and the
 * key is the whole actor, so a shared one is exactly what loadActor returned.
 */
class ActorPool {
  private readonly held = new Map<string, WeakRef<MemberActor>>();
  private readonly gone = new FinalizationRegistry<string>((key) => {
    if (!this.held.get(key)?.deref()) this.held.delete(key);
  });

  share(actor: MemberActor): MemberActor {
    const key = JSON.stringify(actor, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v));
    const held = this.held.get(key)?.deref();
    if (held) return held;
    this.held.set(key, new WeakRef(actor));
    this.gone.register(actor, key);
    return actor;
  }
}

/** A subscription living on a connection (ended when the connection closes). */
export interface ConnectionSubscription {
  end(error?: Error): void;
}

/** After asking a client to close, how long it may take before the socket is cut. */
const CLOSE_GRACE_MS = 10_000;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One authenticated websocket: who it is (claims and actor, the actor
 * reloaded when permissions may have changed), its bounded send queue and its
 * subscriptions. Closing it ends everything it holds at once.
 */
export class RealtimeConnection {
  readonly id = randomUUID();
  /** The member the socket counts against (its limit), fixed at connect. */
  readonly memberKey: string;
  readonly sendQueue: SocketSendQueue;
  readonly subscriptions = new Set<ConnectionSubscription>();
  closed = false;
  closeReason: CloseReason | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly socket: WebSocket,
    readonly claims: AccessClaims & { exp: number },
    public actor: MemberActor,
    readonly request: RequestInfo,
    private readonly registry: ConnectionRegistry,
    maxBufferedBytes: number,
  ) {
    this.memberKey = actor.memberId;
    this.sendQueue = new SocketSendQueue(socket, maxBufferedBytes, () => this.dropSlowConsumer(maxBufferedBytes));
    const untilExpiry = claims.exp * 1000 - Date.now();
    this.expiryTimer = setTimeout(() => this.close(CloseCodes.UNAUTHORIZED, 'Access token expired'), Math.max(0, Math.min(untilExpiry, MAX_TIMER_MS)));
    this.expiryTimer.unref();
  }

  get tenantId(): string {
    return this.actor.tenant.id;
  }

  get tokenExpired(): boolean {
    return this.claims.exp * 1000 <= Date.now();
  }

  /**
   * Reloads the actor in the caller's transaction (tenant already scoped).
   * When the session or membership is gone the socket closes with the matching
   * code and this returns false.
   */
  async refreshActor(em: EntityManager): Promise<boolean> {
    if (this.closed) return false;
    try {
      const actor = await loadActor(em, this.claims);
      if (!actor.memberId || !actor.unitPath || !actor.tenant) {
        this.close(CloseCodes.FORBIDDEN, 'Membership is no longer active');
        return false;
      }
      this.actor = this.registry.actors.share(actor as MemberActor);
      return true;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const states = await sessionStates(em, [this.claims.sid]);
      const reason = closeReasonFor(states.get(this.claims.sid), this.tenantId) ?? { code: CloseCodes.FORBIDDEN, reason: 'Membership is no longer active' };
      this.close(reason.code, reason.reason);
      return false;
    }
  }

  /** 1013, logged with who and how much waited: an operator sees which dashboards cannot keep up. */
  private dropSlowConsumer(maxBufferedBytes: number): void {
    if (this.closed) return;
    this.registry.logger.warn(
      {
        memberId: this.actor.memberId,
        tenantId: this.tenantId,
        requestId: this.request.requestId,
        bufferedBytes: this.sendQueue.pendingBytes,
        maxBufferedBytes,
        subscriptions: this.subscriptions.size,
      },
      'slow websocket consumer dropped (1013)',
    );
    this.close(CloseCodes.SLOW_CONSUMER, 'Slow consumer: messages were not read in time');
  }

  /** Closes with a code; subscriptions end and queued messages are dropped at once. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.markClosed({ code, reason } as CloseReason);
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
      // A client that stopped reading never answers the close frame.
      setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
    }
  }

  /** The socket closed (either side): release everything. */
  markClosed(reason: CloseReason | null): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.sendQueue.close();
    for (const sub of [...this.subscriptions]) sub.end();
    this.subscriptions.clear();
    this.registry.remove(this);
  }
}

export interface RegistryDeps {
  orm: MikroORM;
  config: Config;
  logger: Logger;
  services: Services;
}

/**
 * Every authenticated socket of the process: the per-member limit, and one
 * batched check of all their sessions every `ws.authCheckIntervalMs`, so a
 * revoked session, a removed membership or a suspended tenant closes its
 * sockets within seconds, not at the next event.
 */
export class ConnectionRegistry {
  readonly actors = new ActorPool();
  private readonly all = new Set<RealtimeConnection>();
  private readonly byMember = new Map<string, Set<RealtimeConnection>>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  /** Batched checks run so far (tests and stats). */
  checks = 0;

  constructor(private readonly deps: RegistryDeps) {}

  get logger(): Logger {
    return this.deps.logger;
  }

  get size(): number {
    return this.all.size;
  }

  connections(): RealtimeConnection[] {
    return [...this.all];
  }

  /** Verifies connectionParams like an HTTP request; a connection, or why the socket must close. */
  async authenticate(params: Record<string, unknown> | undefined, socket: WebSocket, request: RequestInfo): Promise<RealtimeConnection | CloseReason> {
    const header = params?.authorization ?? params?.Authorization;
    if (typeof header !== 'string') return { code: CloseCodes.UNAUTHORIZED, reason: 'connectionParams.authorization "Bearer <token>" is required' };
    let claims: AccessClaims & { exp: number };
    try {
      claims = this.deps.services.tokens.verifyAccess(bearerToken(header) ?? '');
    } catch {
      return { code: CloseCodes.UNAUTHORIZED, reason: 'Invalid or expired access token' };
    }
    if (claims.exp * 1000 <= Date.now()) return { code: CloseCodes.UNAUTHORIZED, reason: 'Access token expired' };
    if (!claims.tid) return { code: CloseCodes.FORBIDDEN, reason: 'Realtime needs a session acting in a tenant' };
    const tenantId = claims.tid;
    const loaded = await inTenantTransaction(this.deps.orm, tenantId, claims.sub, async (em) => {
      try {
        return { actor: await loadActor(em, claims) };
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const states = await sessionStates(em, [claims.sid]);
        return { reason: closeReasonFor(states.get(claims.sid), tenantId) ?? { code: CloseCodes.FORBIDDEN, reason: 'Membership is no longer active' } };
      }
    });
    if ('reason' in loaded) return loaded.reason!;
    const actor = loaded.actor;
    if (!actor.memberId || !actor.unitPath || !actor.tenant) return { code: CloseCodes.FORBIDDEN, reason: 'Membership is no longer active' };
    // Checked and added without an await in between: concurrent connects cannot both slip under the limit.
    const mine = this.byMember.get(actor.memberId);
    if (mine && mine.size >= this.deps.config.ws.maxSocketsPerMember) {
      return { code: CloseCodes.TOO_MANY_SOCKETS, reason: `At most ${this.deps.config.ws.maxSocketsPerMember} sockets per member` };
    }
    const connection = new RealtimeConnection(socket, claims, this.actors.share(actor as MemberActor), request, this, this.deps.config.ws.maxBufferedBytes);
    this.all.add(connection);
    if (mine) mine.add(connection);
    else this.byMember.set(actor.memberId, new Set([connection]));
    return connection;
  }

  remove(connection: RealtimeConnection): void {
    this.all.delete(connection);
    const mine = this.byMember.get(connection.memberKey);
    if (mine) {
      mine.delete(connection);
      if (!mine.size) this.byMember.delete(connection.memberKey);
    }
  }

  start(): void {
    const every = this.deps.config.ws.authCheckIntervalMs;
    if (!(every > 0) || this.timer) return;
    this.timer = setInterval(() => void this.checkAll(), every);
    this.timer.unref();
  }

  /** One statement for the sessions of every socket of the process. */
  checkAll(): Promise<void> {
    return (this.checking ??= this.doCheck().finally(() => {
      this.checking = null;
    }));
  }

  private async doCheck(): Promise<void> {
    const live = [...this.all].filter((c) => !c.closed);
    if (!live.length) return;
    try {
      const states = await sessionStates(this.deps.orm.em.fork({ clear: true, useContext: false }), live.map((c) => c.claims.sid));
      this.checks += 1;
      const now = new Date();
      for (const connection of live) {
        const reason = connection.tokenExpired
          ? { code: CloseCodes.UNAUTHORIZED, reason: 'Access token expired' }
          : closeReasonFor(states.get(connection.claims.sid), connection.tenantId, now);
        if (reason) connection.close(reason.code, reason.reason);
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'websocket session check failed');
    }
  }

  /** Server shutdown: every socket is told to go away. */
  closeAll(code: number, reason: string): void {
    for (const connection of [...this.all]) connection.close(code, reason);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking?.catch(() => undefined);
  }
}
