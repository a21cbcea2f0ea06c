import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsOptional, MaxLength } from 'class-validator';
import { Connection, Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { ActorKind, type LogChange } from '../../platform/audit/log.entity.js';
import { LogHashAlgorithm } from '../../platform/audit/log-hash.js';
import { LogBreakReason } from './log.verify.js';
import { exportedEntryOf, type LogEntryRow } from './log-rows.js';
import type { SignedCheckpoint } from './checkpoint.verify.js';
import { checkpointMessage } from './checkpoint.verify.js';

export enum LogChangeOp {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}

export enum AuditLogOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}

registerEnumType(ActorKind, { name: 'LogActorKind', description: 'Who acted: a signed-in user, the system (CLI, sweeper), or the public. 操作者类别。' });
registerEnumType(LogChangeOp, { name: 'LogChangeOp' });
registerEnumType(LogHashAlgorithm, {
  name: 'LogHashAlgorithm',
  description: 'The hash of a tenant\'s log chain, chosen at provisioning. 日志哈希链算法。',
  valuesConfig: {
    SHA256: { description: 'SHA-256 (FIPS 180-4); every chain begun before the choice existed. SHA-256。' },
    SM3: { description: 'SM3 (GB/T 32905-2016), the national hash. 国密SM3。' },
  },
});
registerEnumType(AuditLogOrder, { name: 'AuditLogOrder', description: 'Sequence order of the log. 日志排序。' });
registerEnumType(LogBreakReason, {
  name: 'LogBreakReason',
  description: 'Why the chain is broken at a sequence number. 哈希链断裂原因。',
  valuesConfig: {
    GAP: { description: 'An entry is missing. 条目缺失。' },
    PREV_HASH_MISMATCH: { description: 'The entry does not link to the previous entry\'s hash. 前序哈希不符。' },
    HASH_MISMATCH: { description: 'The entry\'s content does not hash to its recorded hash: it was altered. 内容与哈希不符（被篡改）。' },
    CHECKPOINT_MISMATCH: { description: 'The entry\'s hash differs from a signed checkpoint. 与签名检查点不符。' },
    CHECKPOINT_SIGNATURE_INVALID: { description: 'A stored checkpoint\'s signature is invalid. 检查点签名无效。' },
    HEAD_MISMATCH: { description: 'The chain head records another hash than the last entry. 链头哈希不符。' },
    ALGORITHM_MISMATCH: { description: 'The entry names another hash algorithm than its chain\'s. 哈希算法与链不符。' },
  },
});

@ObjectType('LogActor', { description: 'Who made the change or read, as recorded. 操作者。' })
export class LogActorNode {
  @Field(() => ActorKind) kind!: ActorKind;
  @Field(() => ID, { nullable: true, description: 'The acting user. 用户。' }) userId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The acting membership in this tenant (a Member id). 成员。' }) memberId!: string | null;
  @Field(() => [String], { description: 'Role keys or names held when acting. 当时所持角色。' }) roles!: string[];

  rawUserId!: string | null;
}

@ObjectType('LogTarget', { description: 'The object an entry is about. 操作对象。' })
export class LogTargetNode {
  @Field(() => String, { description: 'Object type, as in global ids (Unit, Member, Incident, ...). 对象类型。' }) type!: string;
  @Field(() => ID, { description: 'Global id of the object (usable with node(id:) while it exists and is visible). 对象全局标识。' }) id!: string;
}

@ObjectType('LogChange', { description: 'One changed object with the before and after of its changed fields. 变更明细。' })
export class LogChangeNode {
  @Field(() => String) type!: string;
  @Field(() => ID, { description: 'Global id of the changed object. 对象全局标识。' }) id!: string;
  @Field(() => LogChangeOp) op!: LogChangeOp;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Changed fields before; null for a creation. 变更前。' }) before!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Changed fields after; null for a deletion. 变更后。' }) after!: Record<string, unknown> | null;
}

@ObjectType('LogEntry', {
  implements: Node,
  description: 'One entry of the tenant\'s append-only, hash-chained log: a change made through the API, or a read of protected data. 审计日志条目。',
})
export class LogEntryNode extends Node {
  @Field(() => Int, { description: 'Position in the tenant\'s log: gapless, in commit order. 序号。' }) seq!: number;
  @Field(() => Date, { description: 'When it was written. 时间。' }) time!: Date;
  @Field(() => String, { description: 'What was done, "<module>.<action>" (unit.create, member.remove, ...). 操作。' }) action!: string;
  @Field(() => LogActorNode) actor!: LogActorNode;
  @Field(() => LogTargetNode, { nullable: true }) target!: LogTargetNode | null;
  @Field(() => ID, { nullable: true, description: 'The incident concerned (an Incident id). 相关事件。' }) incidentId!: string | null;
  @Field(() => String, { nullable: true, description: 'Realtime event kind, for incident events. 事件类型。' }) event!: string | null;
  @Field(() => [LogChangeNode]) changes!: LogChangeNode[];
  @Field(() => String, { nullable: true, description: 'Reason given. 理由。' }) reason!: string | null;
  @Field(() => String, { nullable: true, description: 'Request id (x-request-id). 请求标识。' }) requestId!: string | null;
  @Field(() => String, { nullable: true, description: 'Client address. 客户端地址。' }) clientAddress!: string | null;
  @Field(() => String, { description: 'Hash (hex) of the previous entry; 64 zeros for the first. 前序哈希。' }) prevHash!: string;
  @Field(() => String, { description: 'hashAlgorithm (hex) over prevHash, a newline, and the canonical JSON of the hashed record. 本条哈希。' }) hash!: string;
  @Field(() => LogHashAlgorithm, { description: 'The algorithm of hash: the tenant\'s chain algorithm. 哈希算法。' }) hashAlgorithm!: LogHashAlgorithm;
  @Field(() => GraphQLJSONObject, {
    description:
      'The exact record the hash covers (raw uuids, ISO time), with prevHash and hash: feed these to an outside verifier with a signed checkpoint. 用于外部校验的原始记录。',
  })
  record!: Record<string, unknown>;

  rawId!: string;

  static from(row: LogEntryRow): LogEntryNode {
    const record = exportedEntryOf(row);
    return Object.assign(new LogEntryNode(), {
      id: toGlobalId('LogEntry', row.id),
      rawId: row.id,
      seq: record.seq,
      hashAlgorithm: record.hashAlgorithm ?? LogHashAlgorithm.SHA256,
      time: new Date(record.time),
      action: record.action,
      actor: Object.assign(new LogActorNode(), {
        kind: record.actorKind as ActorKind,
        userId: record.actorUserId ? toGlobalId('User', record.actorUserId) : null,
        memberId: record.actorMemberId ? toGlobalId('Member', record.actorMemberId) : null,
        roles: record.actorRoles,
        rawUserId: record.actorUserId,
      }),
      target: record.targetType && record.targetId ? Object.assign(new LogTargetNode(), { type: record.targetType, id: toGlobalId(record.targetType, record.targetId) }) : null,
      incidentId: record.incidentId ? toGlobalId('Incident', record.incidentId) : null,
      event: record.event,
      changes: (record.changes as LogChange[]).map((c) =>
        Object.assign(new LogChangeNode(), {
          type: c.type,
          id: toGlobalId(c.type, c.id),
          op: c.op.toUpperCase() as LogChangeOp,
          before: c.before ?? null,
          after: c.after ?? null,
        }),
      ),
      reason: record.reason,
      requestId: record.requestId,
      clientAddress: record.clientAddress,
      prevHash: record.prevHash,
      hash: record.hash,
      record: record as unknown as Record<string, unknown>,
    });
  }
}

export const LogEntryConnection = Connection(LogEntryNode, 'LogEntry');

@InputType({ description: 'Filters for the audit log; all given filters must match. 审计日志筛选。' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'Entries by this member (a Member id). 按成员。' }) actorMemberId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Entries by this user (a User id), in any capacity. 按用户。' }) actorUserId?: string | null;
  @Field(() => [String], { nullable: true, description: 'Only these actions (exact). 操作（精确匹配）。' }) actions?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Actions starting with this text, e.g. "member.". 操作前缀。' }) actionPrefix?: string | null;
  @Field(() => String, { nullable: true, description: 'Target type (Unit, Member, ...). 对象类型。' }) targetType?: string | null;
  @Field(() => ID, { nullable: true, description: 'Target object (its global id); implies its type. 对象。' }) targetId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Entries about this incident (an Incident id). 相关事件。' }) incidentId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Written at or after. 起始时间（含）。' }) since?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Written before. 截止时间（不含）。' }) until?: Date | null;
  @Field(() => Int, { nullable: true, description: 'Sequence numbers from (inclusive). 起始序号。' }) seqFrom?: number | null;
  @Field(() => Int, { nullable: true, description: 'Sequence numbers up to (inclusive). 截止序号。' }) seqTo?: number | null;
}

@ObjectType({ description: 'Result of recomputing the hash chain over a range. 哈希链校验结果。' })
export class AuditLogVerification {
  @Field(() => Boolean, { description: 'Every entry in the range recomputes and links. 校验通过。' }) ok!: boolean;
  @Field(() => Int) from!: number;
  @Field(() => Int, { description: 'Last sequence number checked (the head when not given). 截止序号。' }) to!: number;
  @Field(() => Int, { description: 'The chain head\'s sequence number. 链头序号。' }) headSeq!: number;
  @Field(() => Int) checkedEntries!: number;
  @Field(() => Int, { description: 'Stored signed checkpoints in the range found consistent. 核对的检查点数。' }) checkpointsChecked!: number;
  @Field(() => LogHashAlgorithm, { description: 'The chain\'s hash algorithm. 哈希算法。' }) hashAlgorithm!: LogHashAlgorithm;
  @Field(() => Int, { nullable: true, description: 'The first broken sequence number. 首个断裂序号。' }) firstBrokenSeq!: number | null;
  @Field(() => LogBreakReason, { nullable: true }) reason!: LogBreakReason | null;
  @Field(() => String, { nullable: true }) detail!: string | null;
}

@ObjectType('LogCheckpoint', {
  implements: Node,
  description:
    'A signed checkpoint of the chain head. The signature (base64: raw ed25519, or DER SM2 with SM3 and the identifier 1234567812345678, as algorithm says) is over signedMessage: the line "xinfang-log-checkpoint/v1", then the canonical JSON (sorted keys, no spaces) of {hash, seq, tenantId, time}; check it with the key named by keyId (logCheckpointKeys) alone. 签名检查点。',
})
export class LogCheckpointNode extends Node {
  @Field(() => String, { description: 'The tenant\'s uuid, as signed. 租户标识（签名内容）。' }) tenantId!: string;
  @Field(() => Int) seq!: number;
  @Field(() => String) hash!: string;
  @Field(() => String, { description: 'Signing time as signed (ISO-8601 UTC, milliseconds). 签名时间。' }) time!: string;
  @Field(() => String) algorithm!: string;
  @Field(() => String, { description: 'sha-256 (hex) of the signing public key (SPKI DER). 公钥指纹。' }) keyId!: string;
  @Field(() => String, { description: 'base64 signature. 签名。' }) signature!: string;
  @Field(() => String, { description: 'The exact signed text (UTF-8). 签名原文。' }) signedMessage!: string;

  static from(id: string, cp: SignedCheckpoint): LogCheckpointNode {
    return Object.assign(new LogCheckpointNode(), {
      id: toGlobalId('LogCheckpoint', id),
      tenantId: cp.tenantId,
      seq: cp.seq,
      hash: cp.hash,
      time: cp.time,
      algorithm: cp.algorithm,
      keyId: cp.keyId,
      signature: cp.signature,
      signedMessage: checkpointMessage(cp),
    });
  }
}

export const LogCheckpointConnection = Connection(LogCheckpointNode, 'LogCheckpoint');

@ObjectType({
  description: 'A public key that verifies log checkpoints: algorithm ed25519 (raw signature) or sm2 (SM2 with SM3 and the default identifier 1234567812345678, DER signature). 检查点验签公钥。',
})
export class CheckpointPublicKey {
  @Field(() => String) algorithm!: string;
  @Field(() => String, { description: 'sha-256 (hex) of the key (SPKI DER); checkpoints name it as keyId. 公钥指纹。' }) keyId!: string;
  @Field(() => String, { description: 'PEM (SPKI). 公钥 PEM。' }) pem!: string;
  @Field(() => Boolean, { description: 'The key signing new checkpoints now. 当前签名密钥。' }) current!: boolean;
  @Field(() => Date, { nullable: true, description: 'When it signed its first checkpoint; null for a current key not used yet. 首次使用时间。' })
  firstUsedAt!: Date | null;
}

@InputType()
export class ExportLogCheckpointInput {
  @Field(() => String, { nullable: true, description: 'Why the checkpoint is taken (recorded in the log). 理由。' })
  @IsOptional() @MaxLength(1000)
  reason?: string | null;
}

@ObjectType()
export class ExportLogCheckpointPayload {
  @Field(() => LogCheckpointNode, { nullable: true }) checkpoint!: LogCheckpointNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType('PlatformLogEntry', { description: 'One entry of the platform log (provisioning, platform roles, platform sign-ins, granted reads). 平台日志条目。' })
export class PlatformLogEntryNode {
  @Field(() => Int) seq!: number;
  @Field(() => Date) time!: Date;
  @Field(() => String) action!: string;
  @Field(() => GraphQLJSONObject, { description: 'The exact record the hash covers, with prevHash and hash. 原始记录。' })
  record!: Record<string, unknown>;
}

export const PlatformLogEntryConnection = Connection(PlatformLogEntryNode, 'PlatformLogEntry');
