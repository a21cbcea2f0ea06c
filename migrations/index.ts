// The ordered list of migrations; `npm run migration:create` appends to it.
import { Migration20261123000000_platform } from './Migration20261123000000_platform.js';
import { Migration20261123000100_schema } from './Migration20261123000100_schema.js';
import { Migration20261202030652 } from './Migration20261202030652.js';
import { Migration20261202031623 } from './Migration20261202031623.js';
import { Migration20261202032708 } from './Migration20261202032708.js';

export const migrationsList = [
  { name: 'Migration20261123000000_platform', class: Migration20261123000000_platform },
  { name: 'Migration20261123000100_schema', class: Migration20261123000100_schema },
  { name: 'Migration20261202030652', class: Migration20261202030652 },
  { name: 'Migration20261202031623', class: Migration20261202031623 },
  { name: 'Migration20261202032708', class: Migration20261202032708 },
];
