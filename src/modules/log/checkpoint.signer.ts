import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { sm2PrivateHexOf, sm2PublicHexOf, sm2Sign } from '../../platform/crypto/sm2.js';
import { CheckpointAlgorithm, checkpointMessage, type CheckpointClaim, type SignedCheckpoint } from './checkpoint.verify.js';

/** Signs log checkpoints with the configured key (ed25519 or SM2, a deployment setting); its public half is published. */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  private readonly sm2?: { privateHex: string; publicHex: string };
  readonly publicKeyPem: string;
  readonly keyId: string;

  constructor(privateKeyPem: string, readonly algorithm: CheckpointAlgorithm = CheckpointAlgorithm.ED25519) {
    // Environment variables often carry PEM newlines escaped.
    this.privateKey = createPrivateKey(privateKeyPem.includes('\\n') ? privateKeyPem.replace(/\\n/g, '\n') : privateKeyPem);
    const publicKey = createPublicKey(this.privateKey);
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    if (algorithm === CheckpointAlgorithm.SM2) {
      const privateHex = sm2PrivateHexOf(this.privateKey.export({ type: 'pkcs8', format: 'der' }));
      const publicHex = sm2PublicHexOf(spki);
      if (!privateHex || !publicHex) throw new Error('CHECKPOINT_PRIVATE_KEY must be an SM2 key when CHECKPOINT_SIGNATURE_ALGORITHM=sm2');
      this.sm2 = { privateHex, publicHex };
    } else if (this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`CHECKPOINT_PRIVATE_KEY must be an ed25519 key, got ${this.privateKey.asymmetricKeyType ?? 'another kind'}`);
    }
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = createHash('sha256').update(spki).digest('hex');
  }

  sign(claim: CheckpointClaim): SignedCheckpoint {
    const message = checkpointMessage(claim);
    const signature = this.sm2
      ? sm2Sign(message, this.sm2.privateHex, this.sm2.publicHex)
      : sign(null, Buffer.from(message, 'utf8'), this.privateKey);
    return { ...claim, algorithm: this.algorithm, keyId: this.keyId, signature: signature.toString('base64') };
  }
}

declare module '../../platform/context.js' {
  interface Services {
    /** Signs log checkpoints (ed25519 or SM2). */
    checkpoints: CheckpointSigner;
  }
}
