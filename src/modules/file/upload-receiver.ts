// Receives one file from a multipart/form-data request into a temporary file,
// measuring sha256, size and "is it UTF-8 text" while the bytes stream past.
// Nothing goes to the object store or the database here.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';

export interface ReceivedUpload {
  tmpPath: string;
  name: string;
  sha256: string;
  sizeBytes: number;
  looksLikeText: boolean;
}

export type ReceiveFailure = { failure: 'TOO_LARGE' } | { failure: 'MALFORMED'; message: string };

/** A file name without directories, control characters or more than 200 characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\ud800-\udfff]/g, '').trim();
  return (clean || 'file').slice(0, 200);
}

class Measure extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  text = true;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.text) {
      if (chunk.includes(0)) this.text = false;
      else {
        try {
          this.decoder.decode(chunk, { stream: true });
        } catch {
          this.text = false;
        }
      }
    }
    done(null, chunk);
  }

  override _flush(done: (e?: Error | null) => void): void {
    if (this.text) {
      try {
        this.decoder.decode();
      } catch {
        this.text = false;
      }
    }
    if (this.size === 0) this.text = false;
    done();
  }
}

export async function receiveUpload(req: IncomingMessage, tmpDir: string, maxBytes: number): Promise<ReceivedUpload | ReceiveFailure> {
  // Browsers send the file name as raw UTF-8 (busboy assumes latin1 unless told).
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024, parts: 12 } });
  } catch (error) {
    req.resume();
    return { failure: 'MALFORMED', message: `expected multipart/form-data with one file (${(error as Error).message})` };
  }
  await fsp.mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, randomUUID());
  let fileSeen = false;
  let tooLarge = false;
  let extraFiles = false;
  let name = 'file';
  let writing: Promise<Measure> | null = null;

  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('file', (_field, stream, info) => {
      if (fileSeen) {
        extraFiles = true;
        stream.resume();
        return;
      }
      fileSeen = true;
      name = cleanFileName(info.filename);
      stream.on('limit', () => {
        tooLarge = true;
      });
      const measure = new Measure();
      writing = pipeline(stream, measure, fs.createWriteStream(tmpPath, { flags: 'wx' })).then(() => measure);
      writing.catch(() => undefined);
    });
    parser.on('filesLimit', () => {
      extraFiles = true;
    });
    parser.on('error', reject);
    parser.on('close', resolve);
  });
  req.pipe(parser);
  try {
    await parsed;
    const measure = writing ? await (writing as Promise<Measure>) : null;
    if (tooLarge) throw Object.assign(new Error('too large'), { failure: 'TOO_LARGE' });
    if (!measure || extraFiles) throw Object.assign(new Error('send exactly one file part'), { failure: 'MALFORMED' });
    return { tmpPath, name, sha256: measure.hash.digest('hex'), sizeBytes: measure.size, looksLikeText: measure.text };
  } catch (error) {
    await fsp.rm(tmpPath, { force: true });
    req.unpipe(parser);
    req.resume();
    const failure = (error as { failure?: string }).failure;
    if (failure === 'TOO_LARGE') return { failure: 'TOO_LARGE' };
    return { failure: 'MALFORMED', message: failure ? (error as Error).message : `malformed multipart body (${(error as Error).message})` };
  }
}
