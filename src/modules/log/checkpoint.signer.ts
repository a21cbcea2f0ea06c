import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { CHECKPOINT_ALGORITHM, checkpointMessage, type CheckpointClaim, type SignedCheckpoint } from './checkpoint.verify.js';

/** Signs log checkpoints with the configured ed25519 key; its public half is published. */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;
  readonly algorithm = CHECKPOINT_ALGORITHM;

  constructor(privateKeyPem: string) {
    // Environment variables often carry PEM newlines escaped.
    this.privateKey = createPrivateKey(privateKeyPem.includes('\\n') ? privateKeyPem.replace(/\\n/g, '\n') : privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`CHECKPOINT_PRIVATE_KEY must be an ed25519 key, got ${this.privateKey.asymmetricKeyType}`);
    }
    const publicKey = createPublicKey(this.privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  }

  sign(claim: CheckpointClaim): SignedCheckpoint {
    const signature = sign(null, Buffer.from(checkpointMessage(claim), 'utf8'), this.privateKey).toString('base64');
    return { ...claim, algorithm: this.algorithm, keyId: this.keyId, signature };
  }
}

declare module '../../platform/context.js' {
  interface Services {
    /** Signs log checkpoints (ed25519). */
    checkpoints: CheckpointSigner;
  }
}
