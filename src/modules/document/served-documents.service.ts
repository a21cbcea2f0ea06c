// What a petitioner sees of the documents served on them, with the receipt
// number and access code alone: kind, title, 文号, when and how served, and
// the PDF — nothing else of the case.
import type { Readable } from 'node:stream';
import type { Ctx } from '../../platform/context.js';
import { audited } from '../../platform/audit/mutation.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { verifyReceipt } from '../petition/petition-status.service.js';
import { StoredFile } from '../file/file.entity.js';
import { CaseDocument } from './document.entity.js';
import { DocumentStatus } from './document.enums.js';

/** Served documents of an incident, read in its tenant (the public caller has none). */
export async function servedDocuments(ctx: Ctx, tenantId: string, incidentId: string): Promise<CaseDocument[]> {
  await setTenantScope(ctx.em, tenantId, null);
  try {
    return await ctx.em.find(CaseDocument, { incident: { id: incidentId }, status: DocumentStatus.SERVED }, { orderBy: { servedAt: 'asc', id: 'asc' }, disableIdentityMap: true });
  } finally {
    await setTenantScope(ctx.em, null, null);
  }
}

/**
 * The PDF of a served document for the holder of the case's receipt and code
 * (rate limited like petitionStatus), logged in the tenant's log as a public
 * read; null when anything does not match.
 */
export async function openServedPdf(ctx: Ctx, documentId: string, receiptNumber: string, accessCode: string): Promise<{ file: StoredFile; body: Readable } | null> {
  const receipt = await verifyReceipt(ctx, receiptNumber, accessCode);
  if (!receipt) return null;
  const tenantId = receipt.tenant.id;
  await setTenantScope(ctx.em, tenantId, null);
  try {
    const document = await ctx.em.findOne(CaseDocument, { id: documentId, incident: { id: receipt.incidentId }, status: DocumentStatus.SERVED });
    const file = document?.pdfFile ? await ctx.em.findOne(StoredFile, { id: document.pdfFile.id }) : null;
    if (!document || !file) return null;
    const body = await ctx.services.objects.get(file.storageKey);
    const logged = await audited(
      ctx,
      'document.public_download',
      async () => ({ result: true, target: { type: 'CaseDocument', id: document.id }, incidentId: receipt.incidentId, reason: `served document ${document.number} downloaded with the receipt` }),
      { tenantId, actorKind: ActorKind.PUBLIC },
    );
    if (!logged.ok) {
      body.destroy();
      return null;
    }
    return { file, body };
  } finally {
    await setTenantScope(ctx.em, null, null);
  }
}
