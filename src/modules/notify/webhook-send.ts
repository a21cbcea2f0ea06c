// One HTTP attempt: POST to the address that passed the SSRF check, no
// redirects followed, a hard timeout, the status and the first 1 KiB of the
// answer kept. 2xx is success; everything else (3xx included) fails.
// Connections are kept alive, in one agent per (origin, checked address):
// a pooled socket is connected to the address it was checked for, so a name
// that now resolves elsewhere gets a new agent, never an old socket.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedTarget } from './webhook-ssrf.js';

export const RESPONSE_EXCERPT_BYTES = 1024;
/** Idle sockets close after this (under Node's 5 s server default; a shorter Keep-Alive hint from the receiver wins). */
const IDLE_SOCKET_MS = 4_000;
const MAX_AGENTS = 256;

interface Pooled {
  agent: http.Agent;
  /** Answers every lookup with the checked address. */
  lookup: LookupFunction;
}

const agents = new Map<string, Pooled>();

/** The keep-alive agent for this origin and checked address (the least recently used dropped beyond MAX_AGENTS). */
export function agentFor(target: ResolvedTarget): Pooled {
  const key = `${target.url.protocol}//${target.url.host} ${target.address}`;
  const found = agents.get(key);
  if (found) {
    // Most recently used last.
    agents.delete(key);
    agents.set(key, found);
    return found;
  }
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
  const pooled = { agent: target.url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options), lookup: pinned };
  agents.set(key, pooled);
  if (agents.size > MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value as [string, Pooled];
    agents.delete(oldestKey);
    oldest.agent.destroy();
  }
  return pooled;
}

export interface SendResult {
  statusCode: number | null;
  excerpt: string | null;
  error: string | null;
  success: boolean;
  durationMs: number;
}

export function postWebhook(target: ResolvedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
  const started = Date.now();
  const { agent, lookup } = agentFor(target);
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const done = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    const req = client.request(
      target.url,
      {
        method: 'POST',
        agent,
        lookup,
        headers: { 'content-type': 'application/json', 'user-agent': 'xinfang-webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        // After the whole answer the socket goes back to the pool; a longer one is cut (the socket with it).
        const finish = (whole: boolean) => {
          const code = res.statusCode ?? null;
          // NUL cannot be stored in text (nor in the round's jsonb): it becomes U+FFFD.
          const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8').replace(/\u0000/g, '\uFFFD');
          done({ statusCode: code, excerpt, error: null, success: code !== null && code >= 200 && code < 300 });
          if (!whole) res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_EXCERPT_BYTES) finish(false);
        });
        res.on('end', () => finish(true));
        res.on('error', () => finish(false));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ statusCode: null, excerpt: null, error: `timeout after ${timeoutMs} ms`, success: false });
    }, timeoutMs);
    req.on('error', (err) => done({ statusCode: null, excerpt: null, error: err.message, success: false }));
    req.end(body);
  });
}
