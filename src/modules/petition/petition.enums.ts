// Enums of the statutory petition procedure (their GraphQL registration is in petition.types.ts).

/** The acceptance decision of art. 23. */
export enum PetitionDecision {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  /** Not accepted, with reasons told to the petitioner (不予受理). */
  REFUSED = 'REFUSED',
  /** A transferred matter that is not this unit's: objected to within 5 working days (art. 23 ¶3). */
  NOT_OURS = 'NOT_OURS',
}

/** Statutory clocks of 信访工作条例 (2022). */
export enum ClockKind {
  /** Art. 23 ¶2: accept or refuse, in writing, within 15 days of receipt. */
  ACCEPTANCE = 'ACCEPTANCE',
  /** Art. 23 ¶3: a transferred matter that is not the unit's: object within 5 working days. */
  TRANSFER_OBJECTION = 'TRANSFER_OBJECTION',
  /** Art. 34: reply in writing within 60 days of acceptance; one extension of at most 30 days. */
  REPLY = 'REPLY',
  /** Art. 35: the petitioner may ask for review within 30 days of the reply. */
  REVIEW_REQUEST = 'REVIEW_REQUEST',
  /** Art. 35: the reviewing body answers within 30 days. */
  REVIEW_ANSWER = 'REVIEW_ANSWER',
  /** Art. 36: re-review may be asked within 30 days of the review answer. */
  REREVIEW_REQUEST = 'REREVIEW_REQUEST',
  /** Art. 36: re-review is answered within 30 days. */
  REREVIEW_ANSWER = 'REREVIEW_ANSWER',
  /** 交办: the receiving organ signs for an assigned matter (one working day). */
  SIGN_IN = 'SIGN_IN',
  /** 交办: the closing report is due at the time the assigning organ set. */
  CLOSING_REPORT = 'CLOSING_REPORT',
}

/** Who must act before a clock runs out. */
export enum ClockParty {
  INSTITUTION = 'INSTITUTION',
  PETITIONER = 'PETITIONER',
}

export enum ClockState {
  OPEN = 'OPEN',
  /** Running with an approved extension. */
  EXTENDED = 'EXTENDED',
  MET = 'MET',
  /** Past due without the act (set by the deadline sweeper); meeting it later records the late time. */
  MISSED = 'MISSED',
  /** A petitioner's window that passed without a request (not a failure of the institution). */
  EXPIRED = 'EXPIRED',
  /** No longer applies (withdrawn, not ours, accepted before an objection was due). */
  CANCELLED = 'CANCELLED',
}

export enum ReviewStage {
  REVIEW = 'REVIEW',
  REREVIEW = 'REREVIEW',
}

/** An extension request of the reply clock (art. 34): waiting for a leader, approved (in effect) or rejected. */
export enum ExtensionRequestState {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/** Why a clock is suspended (中止计时): the lawful waits that do not count against the institution. */
export enum SuspensionReason {
  /** Waiting for material the petitioner was asked to supply (补充材料). */
  SUPPLEMENTARY_MATERIAL = 'SUPPLEMENTARY_MATERIAL',
  /** A hearing (听证). */
  HEARING = 'HEARING',
  /** An appraisal, inspection or expert opinion (鉴定、检验、评估). */
  APPRAISAL = 'APPRAISAL',
  /** Another reason the law allows, named in the basis. */
  OTHER_LAWFUL = 'OTHER_LAWFUL',
}

/** A clock suspension: asked for, in effect once another leader approves, rejected, or ended by resumeClock. */
export enum SuspensionState {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  REJECTED = 'REJECTED',
  RESUMED = 'RESUMED',
  /** The clock was met (a reply, an answer) before the suspension was decided or began. */
  LAPSED = 'LAPSED',
}
