// Enums of the concern domain (prevention records, 预防阶段).

export enum ConcernStatus {
  /** Being worked on locally. */
  OPEN = 'OPEN',
  /** Resolved where it arose (就地化解). */
  RESOLVED = 'RESOLVED',
  /** A petition was made after all: the concern went on as an incident, with its history. */
  BECAME_INCIDENT = 'BECAME_INCIDENT',
}
