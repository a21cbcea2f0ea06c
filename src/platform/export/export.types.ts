import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../graphql/relay.js';
import type { ExportedFile } from './tabular.js';

@ObjectType('ExportFile', { simpleResolvers: true, description: 'An exported file; its sha256 is in the log entry of the export. 导出文件。' })
export class ExportFileNode {
  @Field(() => String) fileName!: string;
  @Field(() => String) contentType!: string;
  @Field(() => Int) rows!: number;
  @Field(() => String, { description: 'sha-256 of the bytes, hex (recorded in the log). 文件哈希。' }) sha256!: string;
  @Field(() => String, { description: 'The bytes, base64. 文件内容（base64）。' }) base64!: string;

  static from(f: ExportedFile): ExportFileNode {
    return Object.assign(new ExportFileNode(), { fileName: f.fileName, contentType: f.contentType, rows: f.rows, sha256: f.sha256, base64: f.bytes.toString('base64') });
  }
}

@ObjectType()
export class ExportPayload {
  @Field(() => ExportFileNode, { nullable: true }) file!: ExportFileNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

/** What an export's log entry records of the file (as its `after`). */
export function exportRecord(file: ExportedFile, extra: Record<string, unknown>): Record<string, unknown> {
  return { fileName: file.fileName, sha256: file.sha256, rows: file.rows, ...extra };
}
