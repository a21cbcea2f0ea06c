import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../platform/config/config.js';
import { checkpointKey, jwtSecret, petitionerMatchKey } from '../platform/config/secrets.js';
import type { Services } from '../platform/context.js';
import { LocalRateLimiter, SharedRateLimiter } from '../platform/rate-limit.js';
import { TokenService } from '../modules/session/tokens.service.js';
import { CheckpointSigner } from '../modules/log/checkpoint.signer.js';
import type { CheckpointAlgorithm } from '../modules/log/checkpoint.verify.js';
import { provisionHooks } from './hooks.js';
import { createObjectStore } from '../platform/storage/create-object-store.js';
import { Alarms } from '../platform/alarms.js';
import { getSchema } from './schema.js';
import { petitionerNamesOf } from '../modules/petition/petitioner-pii.service.js';
import { Metrics } from './metrics.js';
import { caseFilingStep } from '../modules/document/case-file.service.js';
import { DataKeyring } from '../platform/crypto/data-keys.js';
import { loadMasterKey } from '../platform/crypto/master-key.js';
import { incidentReviewSource } from '../modules/incident/incident-review-source.js';
import { recordSupervisionFinding } from '../modules/accountability/supervision-finding.service.js';
import { LogNotices } from '../platform/audit/log-notices.js';

export function createServices(config: Config, orm: MikroORM): Services {
  const metrics = new Metrics(config.metrics);
  const alarms = new Alarms();
  metrics.watch({ orm, alarms });
  return {
    alarms,
    metrics,
    telemetry: metrics,
    tokens: new TokenService({
      secret: jwtSecret(config.dataDir, config.jwt.secret),
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      accessTtlSeconds: config.jwt.accessTtlSeconds,
      refreshTtlSeconds: config.jwt.refreshTtlSeconds,
    }),
    sharedLimiter: new SharedRateLimiter(orm),
    localLimiter: new LocalRateLimiter(),
    objects: createObjectStore(config),
    checkpoints: new CheckpointSigner(
      checkpointKey(config.dataDir, config.checkpointPrivateKey, config.checkpointAlgorithm),
      config.checkpointAlgorithm as CheckpointAlgorithm,
    ),
    provisionHooks,
    // Closing a case files it (归档): the document module writes the case-file index.
    closingSteps: [caseFilingStep],
    // A plan draft started from a post-incident review reads it from the incident module.
    planReviewSource: incidentReviewSource,
    // A 提级督办 in the referral module records its finding through the accountability module.
    supervisionFindings: { record: recordSupervisionFinding },
    graphqlSchema: getSchema,
    petitionerPii: { namesOf: petitionerNamesOf },
    petitionerMatchSecret: petitionerMatchKey(config.dataDir, config.petitionerMatchKey),
    dataKeys: new DataKeyring(loadMasterKey(config), config.dataEncryption.algorithm),
    logNotices: new LogNotices(),
  };
}
