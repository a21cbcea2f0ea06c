// The ordered list of migrations; `npm run migration:create` appends to it.
import { Migration20261123000000_platform } from './Migration20261123000000_platform.js';
import { Migration20261123000100_schema } from './Migration20261123000100_schema.js';
import { Migration20261202025259 } from './Migration20261202025259.js';
import { Migration20261202025634 } from './Migration20261202025634.js';
import { Migration20261202030000_search } from './Migration20261202030000_search.js';
import { Migration20261202030059_extension_requests } from './Migration20261202030059_extension_requests.js';
import { Migration20261202030448_outbox_webhooks } from './Migration20261202030448_outbox_webhooks.js';
import { Migration20261202030652 } from './Migration20261202030652.js';
import { Migration20261202030753 } from './Migration20261202030753.js';
import { Migration20261202031005 } from './Migration20261202031005.js';
import { Migration20261202031623 } from './Migration20261202031623.js';
import { Migration20261202032148 } from './Migration20261202032148.js';
import { Migration20261202032507 } from './Migration20261202032507.js';
import { Migration20261202032708 } from './Migration20261202032708.js';
import { Migration20261202032822 } from './Migration20261202032822.js';
import { Migration20261202033256_notify_people } from './Migration20261202033256_notify_people.js';
import { Migration20261202034448 } from './Migration20261202034448.js';
import { Migration20261202035524 } from './Migration20261202035524.js';
import { Migration20261202040000_audit_admin_log_grant } from './Migration20261202040000_audit_admin_log_grant.js';
import { Migration20261202040409 } from './Migration20261202040409.js';
import { Migration20261202131000_task_recorded_by } from './Migration20261202131000_task_recorded_by.js';
import { Migration20261203131500_task_hand_over } from './Migration20261203131500_task_hand_over.js';

export const migrationsList = [
  { name: 'Migration20261123000000_platform', class: Migration20261123000000_platform },
  { name: 'Migration20261123000100_schema', class: Migration20261123000100_schema },
  { name: 'Migration20261202025259', class: Migration20261202025259 },
  { name: 'Migration20261202025634', class: Migration20261202025634 },
  { name: 'Migration20261202030000_search', class: Migration20261202030000_search },
  { name: 'Migration20261202030059_extension_requests', class: Migration20261202030059_extension_requests },
  { name: 'Migration20261202030448_outbox_webhooks', class: Migration20261202030448_outbox_webhooks },
  { name: 'Migration20261202030652', class: Migration20261202030652 },
  { name: 'Migration20261202030753', class: Migration20261202030753 },
  { name: 'Migration20261202031005', class: Migration20261202031005 },
  { name: 'Migration20261202031623', class: Migration20261202031623 },
  { name: 'Migration20261202032148', class: Migration20261202032148 },
  { name: 'Migration20261202032507', class: Migration20261202032507 },
  { name: 'Migration20261202032708', class: Migration20261202032708 },
  { name: 'Migration20261202032822', class: Migration20261202032822 },
  { name: 'Migration20261202033256_notify_people', class: Migration20261202033256_notify_people },
  { name: 'Migration20261202034448', class: Migration20261202034448 },
  { name: 'Migration20261202035524', class: Migration20261202035524 },
  { name: 'Migration20261202040000_audit_admin_log_grant', class: Migration20261202040000_audit_admin_log_grant },
  { name: 'Migration20261202040409', class: Migration20261202040409 },
  { name: 'Migration20261202131000_task_recorded_by', class: Migration20261202131000_task_recorded_by },
  { name: 'Migration20261203131500_task_hand_over', class: Migration20261203131500_task_hand_over },
];
