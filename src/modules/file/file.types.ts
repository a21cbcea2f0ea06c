import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';
import { toGlobalId } from '../../platform/ids.js';
import { FileKind } from './file.enums.js';
import type { StoredFile } from './file.entity.js';

registerEnumType(FileKind, { name: 'FileKind', description: 'IMAGE 图片, VIDEO 视频, AUDIO 录音, PDF, OFFICE 办公文档, TEXT 文本 — judged from the bytes. 文件类别（按内容判定）。' });

/** Where a file's bytes are downloaded (with the caller's own token). */
export const FILES_PATH = '/files';

@ObjectType('File', { description: 'A stored file: measured and sniffed by the server. 已存文件（服务器计算哈希、识别类型）。' })
export class FileNode {
  @Field(() => String, { description: 'Opaque id; give it to recordEvidence. 文件编号。' }) id!: string;
  @Field(() => String, { description: 'The name given at upload. 原文件名。' }) name!: string;
  @Field(() => String, { description: 'Lower-case hex sha256 computed by the server. 哈希。' }) sha256!: string;
  @Field(() => SafeIntResolver) sizeBytes!: number;
  @Field(() => String, { description: 'Media type sniffed from the bytes. 内容类型。' }) contentType!: string;
  @Field(() => FileKind) kind!: FileKind;
  @Field(() => Date) uploadedAt!: Date;
  @Field(() => String, { description: 'GET it with the bearer token; NOT_FOUND when the caller may not see it; each download is logged. 下载路径（留痕）。' })
  downloadPath!: string;

  static from(f: StoredFile): FileNode {
    const id = toGlobalId('File', f.id);
    return Object.assign(new FileNode(), {
      id,
      name: f.originalName,
      sha256: f.sha256,
      sizeBytes: f.sizeBytes,
      contentType: f.contentType,
      kind: f.kind,
      uploadedAt: f.createdAt,
      downloadPath: `${FILES_PATH}/${id}`,
    });
  }
}
