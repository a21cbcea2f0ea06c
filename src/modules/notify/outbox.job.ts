// The delivery worker as a job of the API process, when
// WEBHOOK_WORKER_ENABLED: a pass as soon as the log notifies a commit (the
// realtime module's LISTEN), and every WEBHOOK_POLL_INTERVAL_MS after the
// previous one ends whatever it heard (a missed notice costs at most that).
// Every instance runs it; row locks share the work.
import type { GraphQLSchema } from 'graphql';
import type { SystemDeps } from '../../platform/system-context.js';
import type { BackgroundJob } from '../../platform/hooks.js';
import { pollingJob } from '../../platform/polling-job.js';
import { OutboxWorker } from './outbox.worker.js';

declare module '../../platform/context.js' {
  interface Services {
    /** The API's executable schema: webhook bodies are rendered through it. */
    graphqlSchema: () => Promise<GraphQLSchema>;
  }
}

export function outboxJob(deps: SystemDeps): BackgroundJob {
  const worker = new OutboxWorker(deps, deps.services.graphqlSchema);
  return pollingJob({
    name: 'outbox',
    enabled: deps.config.webhooks.enabled,
    intervalMs: deps.config.webhooks.pollIntervalMs,
    pass: () => worker.runOnce(),
    wakeOn: (wake) => deps.services.logNotices.on(wake),
    onError: (err) => deps.logger.error({ err }, 'outbox pass failed'),
  });
}
