// The ordered list of migrations; `npm run migration:create` appends to it.
import { Migration20261123000000_platform } from './Migration20261123000000_platform.js';
import { Migration20261123000100_schema } from './Migration20261123000100_schema.js';
import { Migration20261202030000_search } from './Migration20261202030000_search.js';
import { Migration20261202030059_extension_requests } from './Migration20261202030059_extension_requests.js';
import { Migration20261202032148 } from './Migration20261202032148.js';
import { Migration20261202035524 } from './Migration20261202035524.js';

export const migrationsList = [
  { name: 'Migration20261123000000_platform', class: Migration20261123000000_platform },
  { name: 'Migration20261123000100_schema', class: Migration20261123000100_schema },
  { name: 'Migration20261202030000_search', class: Migration20261202030000_search },
  { name: 'Migration20261202030059_extension_requests', class: Migration20261202030059_extension_requests },
  { name: 'Migration20261202032148', class: Migration20261202032148 },
  { name: 'Migration20261202035524', class: Migration20261202035524 },
];
