// Who may download a stored file: as evidence, whoever may see its incident
// now (the incident visibility rule: a confidential case is NOT_FOUND for its
// subjects and recused members); before it is evidence, its uploader alone.
// Each download is logged like a read of protected data.
import type { Ctx } from '../../platform/context.js';
import { audited } from '../../platform/audit/mutation.js';
import { requireMember } from '../../platform/authz.js';
import { fileService } from '../file/file.service.js';
import type { StoredFile } from '../file/file.entity.js';
import { IncidentEvidence } from './record.entity.js';
import { incidentAccess } from './incident.access.js';

export const FILE_DOWNLOAD_ACTION = 'file.download';

export const evidenceFileService = {
  /** The file and the incident it is evidence of, when the caller may read it; null otherwise (NOT_FOUND). */
  async readable(ctx: Ctx, fileId: string): Promise<{ file: StoredFile; incidentId: string | null } | null> {
    const actor = requireMember(ctx);
    const file = await fileService.find(ctx, fileId);
    if (!file) return null;
    const evidence = await ctx.em.findOne(IncidentEvidence, { file: { id: file.id } });
    if (!evidence) return file.uploadedBy.id === actor.memberId ? { file, incidentId: null } : null;
    const incident = await incidentAccess.find(ctx, evidence.incident.id);
    return incident ? { file, incidentId: incident.id } : null;
  },

  /** One log entry for the download, written (and committed by the caller) before any byte is sent. */
  async logDownload(ctx: Ctx, file: StoredFile, incidentId: string | null) {
    return audited(ctx, FILE_DOWNLOAD_ACTION, async () => ({
      result: file,
      target: { type: 'File', id: file.id },
      incidentId,
      reason: `downloaded ${file.originalName} (sha256 ${file.sha256})`,
    }));
  },
};
