// The single place where petitioners' personal data (name, contact) is read,
// and where it is sealed at rest with the tenant's data key and opened again.
// Without PETITIONER_PII_READ nothing is shown and nothing is logged. With it,
// every petitioner read appends one entry to the tenant log (action
// 'petitioner.read_pii', target the petitioner) in the operation's own
// transaction: the read and its record commit together or not at all.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../../platform/context.js';
import { Permission } from '../../platform/permissions.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { appendTenantLog } from '../../platform/audit/log-writer.js';
import type { Petitioner } from './petitioner.entity.js';
import { petitionLoaders } from './petition.loaders.js';
import type { DataKeyring } from '../../platform/crypto/data-keys.js';
import { isSealed, openText, SEALED_PREFIX, sealText, sealWith, SealedField } from '../../platform/crypto/sealed-text.js';

export const PII_READ_ACTION = 'petitioner.read_pii';

export interface PetitionerPii {
  name: string;
  contact: string | null;
}

// Appends share the operation's connection: run them one after another, or two
// would read the same chain head.
const appendQueues = new WeakMap<object, Promise<unknown>>();

function serialised<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  const key = em.getTransactionContext() ?? em;
  const previous = appendQueues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  appendQueues.set(key, next);
  return next;
}

/**
 * Name and contact of a petitioner, or null when the caller lacks the
 * permission. Callers must already have checked that the caller may see the
 * incident. One log entry per petitioner and operation.
 */
export async function readPetitionerPii(ctx: Ctx, petitioner: Petitioner): Promise<PetitionerPii | null> {
  const actor = ctx.actor;
  if (!actor?.tenant || !actor.memberId || !actor.permissions.has(Permission.PETITIONER_PII_READ)) return null;
  const loader = ctx.loaders.get<string, true>('petitionerPiiLogged', async (keys) => {
    await serialised(ctx.em, async () => {
      for (const key of keys) {
        // Keys are '<petitioner id>:<incident id>'.
        const [id, incidentId] = key.split(':') as [string, string];
        await appendTenantLog(ctx.em, {
          tenantId: actor.tenant!.id,
          actorKind: ActorKind.USER,
          actorUserId: actor.userId,
          actorMemberId: actor.memberId,
          actorRoles: actor.roleLabels,
          action: PII_READ_ACTION,
          targetType: 'Petitioner',
          targetId: id,
          incidentId,
          reason: 'read petitioner name and contact',
          requestId: ctx.request.requestId,
          clientAddress: ctx.request.clientAddress,
        });
      }
    });
    return keys.map(() => true as const);
  });
  await loader.load(`${petitioner.id}:${petitioner.incident.id}`);
  return {
    name: await openText(ctx, SealedField.PETITIONER_NAME, petitioner.name),
    contact: petitioner.contact ? await openText(ctx, SealedField.PETITIONER_CONTACT, petitioner.contact) : null,
  };
}

/** What to store for a new petitioner: name and contact sealed. */
export async function sealPetitionerPii(ctx: Ctx, pii: PetitionerPii): Promise<PetitionerPii> {
  return {
    name: await sealText(ctx, SealedField.PETITIONER_NAME, pii.name),
    contact: pii.contact ? await sealText(ctx, SealedField.PETITIONER_CONTACT, pii.contact) : null,
  };
}

/** Existing rows (encrypt-at-rest): seals the tenant's plain names and contacts in `em`'s transaction; the rows changed. */
export async function sealPlainPetitioners(em: EntityManager, keys: DataKeyring, tenantId: string): Promise<number> {
  const tx = em.getTransactionContext();
  const rows = await em.getConnection().execute<{ id: string; name: string; contact: string | null }[]>(
    `select id, name, contact from petitioner where tenant_id = ?
       and (name not like '${SEALED_PREFIX}%' or (contact is not null and contact not like '${SEALED_PREFIX}%')) order by id for update`,
    [tenantId], 'all', tx,
  );
  for (const r of rows) {
    const name = isSealed(r.name) ? r.name : await sealWith(em, keys, tenantId, SealedField.PETITIONER_NAME, r.name);
    const contact = r.contact === null || isSealed(r.contact) ? r.contact : await sealWith(em, keys, tenantId, SealedField.PETITIONER_CONTACT, r.contact);
    await em.getConnection().execute('update petitioner set name = ?, contact = ? where tenant_id = ? and id = ?', [name, contact, tenantId, r.id], 'run', tx);
  }
  return rows.length;
}

/** Names and contacts of the petitioners of these incidents (the caller may see them), each read logged; for exports. */
export async function petitionerNamesOf(ctx: Ctx, incidentIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const lists = await petitionLoaders.petitioners(ctx).loadMany(incidentIds);
  for (const [n, list] of lists.entries()) {
    if (!list || list instanceof Error) continue;
    const parts: string[] = [];
    for (const p of list) {
      const pii = await readPetitionerPii(ctx, p);
      if (pii) parts.push([pii.name, pii.contact].filter(Boolean).join(' '));
    }
    out.set(incidentIds[n]!, parts.join('；'));
  }
  return out;
}
