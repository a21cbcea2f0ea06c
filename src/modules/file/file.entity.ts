import { BigIntType, Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { TenantEntity, sameTenant } from '../../platform/db/base.entity.js';
import { Member } from '../member/member.entity.js';
import { FileKind } from './file.enums.js';

/**
 * One upload (or one generated document): what the server measured and
 * sniffed while receiving it. The bytes are in the object store under
 * `storageKey` (content-addressed, so equal bytes share one object). Rows never
 * change (append-only for the application role).
 */
@Entity({ tableName: 'stored_file' })
@Index({ properties: ['tenant', 'sha256'] })
export class StoredFile extends TenantEntity {
  /** Lower-case hex sha256, computed by the server while the bytes streamed in. */
  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;

  /** The media type sniffed from the bytes (never the client's claim). */
  @Property({ type: 'text' })
  contentType!: string;

  @Enum({ items: () => FileKind })
  kind!: FileKind;

  /** The file name the uploader gave, cleaned of any path. */
  @Property({ type: 'text' })
  originalName!: string;

  @Property({ type: 'text' })
  storageKey!: string;

  @ManyToOne({ entity: () => Member, ref: true, ...sameTenant('uploaded_by_id') })
  uploadedBy!: Ref<Member>;
}
