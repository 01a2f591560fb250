import type { StoredRecord } from './stored-record';

export interface ProductRecord extends StoredRecord {
  name: string;
  description: string | null;
  active: boolean;
  metadata: Record<string, string>;
  updated: number;
  defaultPrice: string | null;
}

export type Interval = 'day' | 'week' | 'month' | 'year';

export interface PriceRecord extends StoredRecord {
  product: string;
  currency: string;
  unitAmount: number;
  recurring: { interval: Interval; intervalCount: number; trialPeriodDays: number | null } | null;
  nickname: string | null;
  lookupKey: string | null;
  active: boolean;
  metadata: Record<string, string>;
}
