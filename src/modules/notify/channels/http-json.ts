// JSON over HTTP for channel adapters, through the same SSRF check and pinned
// address as webhooks, no redirects, a hard timeout.
import http from 'node:http';
import https from 'node:https';
import type { BlockList, LookupFunction } from 'node:net';
import { resolveTarget } from '../webhook-ssrf.js';
import type { HttpJson } from './channel.js';

export function httpJson(allowed: BlockList, timeoutMs: number): HttpJson {
  return async (method, url, body, headers = {}) => {
    const target = await resolveTarget(url, allowed);
    const pinned: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const payload = body === null ? null : JSON.stringify(body);
    const client = target.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(target.url, {
        method,
        lookup: pinned,
        timeout: timeoutMs,
        headers: { ...(payload ? { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).subarray(0, 64 * 1024).toString('utf8');
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload ?? undefined);
    });
  };
}
