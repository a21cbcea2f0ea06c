// A field value sealed with its tenant's data key, stored as text in the
// column it replaces: `xfenc1:<key version>:<base64 of iv, ciphertext, tag>`.
// The associated data binds it to its tenant and its purpose (the column), so
// a value copied into another tenant's row or another column does not open.
// Values written before encryption at rest stay readable as they are until
// `npm run admin -- encrypt-at-rest` seals them.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../context.js';
import { openBytes, sealBytes } from './field-cipher.js';
import type { DataKeyring } from './data-keys.js';

/** What every sealed value starts with (SQL tells sealed rows from plain ones by it). */
export const SEALED_PREFIX = 'xfenc1:';
const PREFIX = SEALED_PREFIX;

export function isSealed(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

const aadOf = (tenantId: string, purpose: string) => `xinfang/field/${tenantId}/${purpose}`;

export async function sealWith(em: EntityManager, keys: DataKeyring, tenantId: string, purpose: string, plain: string): Promise<string> {
  const key = await keys.forSealing(em, tenantId);
  return `${PREFIX}${key.version}:${sealBytes(key.cipher, key.key, Buffer.from(plain, 'utf8'), aadOf(tenantId, purpose)).toString('base64')}`;
}

export async function openWith(em: EntityManager, keys: DataKeyring, tenantId: string, purpose: string, stored: string): Promise<string> {
  if (!isSealed(stored)) return stored;
  const [version, payload] = stored.slice(PREFIX.length).split(':') as [string, string | undefined];
  if (!payload || !/^\d+$/.test(version)) throw new Error(`malformed sealed ${purpose}`);
  const key = await keys.byVersion(em, tenantId, Number(version));
  return openBytes(key.cipher, key.key, Buffer.from(payload, 'base64'), aadOf(tenantId, purpose)).toString('utf8');
}

function tenantOf(ctx: Ctx): string {
  const id = ctx.actor?.tenant?.id;
  if (!id) throw new Error('sealed values are read and written in a tenant context');
  return id;
}

/** Seals a value of the caller's tenant (in the operation's transaction). */
export function sealText(ctx: Ctx, purpose: string, plain: string): Promise<string> {
  return sealWith(ctx.em, ctx.services.dataKeys, tenantOf(ctx), purpose, plain);
}

/**
 * The plain value of a sealed one (a value never sealed comes back as it is).
 * Call it only where the caller has been found allowed to read the row.
 */
export function openText(ctx: Ctx, purpose: string, stored: string): Promise<string> {
  return isSealed(stored) ? openWith(ctx.em, ctx.services.dataKeys, tenantOf(ctx), purpose, stored) : Promise.resolve(stored);
}

/** Purposes (associated data) of the sealed columns. */
export const SealedField = {
  INCIDENT_SUMMARY: 'incident.summary',
  INCIDENT_DEMANDS: 'incident.demands',
  PETITIONER_NAME: 'petitioner.name',
  PETITIONER_CONTACT: 'petitioner.contact',
} as const;
