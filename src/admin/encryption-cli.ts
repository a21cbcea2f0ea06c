// Encryption at rest from the admin CLI: sealing rows written before it, and
// replacing the master key (re-wrapping the tenants' data keys, rows untouched).
import fs from 'node:fs';
import type { SystemDeps } from '../platform/system-context.js';
import { ensureSealingKeys, inTenant, logSystem, rewrapAll, tenantIds } from '../platform/crypto/data-key-admin.js';
import { generatedMasterKeyFile, masterKeyOf, newMasterKeyText, parseMasterKey } from '../platform/crypto/master-key.js';
import { sealPlainIncidentTexts } from '../modules/incident/incident-text.service.js';
import { sealPlainPetitioners } from '../modules/petition/petitioner-pii.service.js';

/** Seals every plain confidential case text and petitioner name and contact, tenant by tenant; a repeated run finds nothing. */
export async function encryptExisting(deps: SystemDeps): Promise<{ incidents: number; petitioners: number }> {
  await ensureSealingKeys(deps);
  const keys = deps.services.dataKeys;
  let incidents = 0;
  let petitioners = 0;
  for (const tenantId of await tenantIds(deps)) {
    await inTenant(deps, tenantId, async (em) => {
      const i = await sealPlainIncidentTexts(em, keys, tenantId);
      const p = await sealPlainPetitioners(em, keys, tenantId);
      if (i + p === 0) return;
      await logSystem(em, tenantId, 'data.encrypt_at_rest', 'existing plain text sealed with the tenant data key', [
        { type: 'EncryptionAtRest', id: tenantId, op: 'update', after: { incidents: i, petitioners: p, algorithm: keys.cipher } },
      ]);
      incidents += i;
      petitioners += p;
    });
  }
  return { incidents, petitioners };
}

/**
 * Re-wraps every tenant key under a new master key. With --new-key-file the
 * operator switches DATA_MASTER_KEY(_FILE) to it afterwards; with the
 * generated file (no setting) a new key is written beside it as `.next`
 * first and moved over it once every tenant is re-wrapped, so a run that
 * stopped half way is finished by running it again.
 */
export async function rotateMasterKey(deps: SystemDeps, newKeyFile: string | undefined): Promise<{ from: string; to: string; tenants: number; keys: number; file: string }> {
  const generated = generatedMasterKeyFile(deps.config);
  let file: string;
  let pending: string | null = null;
  if (newKeyFile) file = newKeyFile;
  else if (generated) {
    file = generated;
    pending = `${generated}.next`;
    if (!fs.existsSync(pending)) fs.writeFileSync(pending, `${newMasterKeyText()}\n`, { mode: 0o600, flag: 'wx' });
  } else {
    throw new Error('the master key comes from DATA_MASTER_KEY or DATA_MASTER_KEY_FILE: name the new key with --new-key-file');
  }
  const source = pending ?? file;
  const next = masterKeyOf(parseMasterKey(fs.readFileSync(source, 'utf8'), source), source);
  const from = deps.services.dataKeys.master.id;
  if (next.id === from) throw new Error('the new master key is the one in use');
  const done = await rewrapAll(deps, next);
  if (pending) fs.renameSync(pending, file);
  return { from, to: next.id, ...done, file };
}
