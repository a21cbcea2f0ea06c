// The workloads `npm run bench` runs, in order.
import type { Workload } from '../lib/types.js';
import { runW1 } from './w1-list.js';
import { runW2 } from './w2-report.js';
import { runW3 } from './w3-realtime.js';
import { runW4 } from './w4-write.js';
import { runW5 } from './w5-webhooks.js';
import { runW6 } from './w6-figures.js';

export const WORKLOADS: Record<string, Workload> = {
  W1: runW1,
  W2: runW2,
  W3: runW3,
  W4: runW4,
  W5: runW5,
  W6: runW6,
};
