// Usage (after `npx graphql-codegen --config examples/duty-room/codegen.ts` and a build of this folder):
//   XINFANG_URL=http://127.0.0.1:4000/graphql XINFANG_EMAIL=leader@zhaocun.demo XINFANG_PASSWORD=xinfang-demo-2026 node main.js
import fs from 'node:fs';
import WebSocket from 'ws';
import { DutyRoom } from './client.js';

const cursorFile = process.env.XINFANG_CURSOR_FILE ?? '.duty-room-cursor';
const room = new DutyRoom({
  webSocketImpl: WebSocket,
  url: process.env.XINFANG_URL ?? 'http://127.0.0.1:4000/graphql',
  cursorStore: {
    load: () => (fs.existsSync(cursorFile) ? fs.readFileSync(cursorFile, 'utf8').trim() || null : null),
    save: (cursor) => fs.writeFileSync(cursorFile, cursor),
  },
});

const tenant = await room.signIn(process.env.XINFANG_EMAIL ?? 'leader@zhaocun.demo', process.env.XINFANG_PASSWORD ?? 'xinfang-demo-2026');
console.log(`signed in to ${tenant}`);
const open = await room.openIncidents();
for (const incident of open) console.log(`${incident.receiptNumber} ${incident.status} ${incident.levelReached} ${incident.summary}`);
const first = open.find((i) => i.status === 'REPORTED');
if (first) console.log(`acknowledged ${first.receiptNumber}: ${await room.acknowledge(first.id, '值班室已收到')}`);
const task = open.flatMap((i) => i.openTasks).find((t) => !t.evidenceRequired);
if (task) console.log(`completed "${task.action}"; next: ${await room.completeTask(task.id, '已办理')}`);
room.follow((event) => console.log(`${event.time} ${event.kind} ${event.incident?.receiptNumber ?? event.incidentId}`));
