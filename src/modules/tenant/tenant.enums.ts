export enum TenantKind {
  TOWNSHIP = 'TOWNSHIP',
  TOWN = 'TOWN',
  COUNTY = 'COUNTY',
  CITY = 'CITY',
  ENTERPRISE = 'ENTERPRISE',
  DISCIPLINE_COMMISSION = 'DISCIPLINE_COMMISSION',
}

export enum TenantStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
}

export enum SubscriptionTier {
  BASIC = 'BASIC',
  STANDARD = 'STANDARD',
  ENTERPRISE = 'ENTERPRISE',
}

export interface TierQuotas {
  maxUnits: number;
  maxMembers: number;
  requestsPerMinute: number;
}

/** Quotas per subscription tier; a tenant may carry overrides. */
export const TIER_QUOTAS: Record<SubscriptionTier, TierQuotas> = {
  BASIC: { maxUnits: 50, maxMembers: 100, requestsPerMinute: 600 },
  STANDARD: { maxUnits: 500, maxMembers: 1000, requestsPerMinute: 6000 },
  ENTERPRISE: { maxUnits: 5000, maxMembers: 20000, requestsPerMinute: 60000 },
};
