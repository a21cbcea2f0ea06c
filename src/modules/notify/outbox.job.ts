// The delivery worker as a job of the API process: a pass every
// WEBHOOK_POLL_INTERVAL_MS after the previous one ends, when
// WEBHOOK_WORKER_ENABLED. Every instance runs it; row locks share the work.
import type { GraphQLSchema } from 'graphql';
import type { SystemDeps } from '../../platform/system-context.js';
import type { BackgroundJob } from '../../platform/hooks.js';
import { OutboxWorker } from './outbox.worker.js';

declare module '../../platform/context.js' {
  interface Services {
    /** The API's executable schema: webhook bodies are rendered through it. */
    graphqlSchema: () => Promise<GraphQLSchema>;
  }
}

export function outboxJob(deps: SystemDeps): BackgroundJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  const worker = new OutboxWorker(deps, deps.services.graphqlSchema);

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, deps.config.webhooks.pollIntervalMs);
    timer.unref();
  };
  const tick = () => {
    timer = null;
    running = worker
      .runOnce()
      .then(() => undefined)
      .catch((err) => deps.logger.error({ err }, 'outbox pass failed'))
      .finally(() => {
        running = null;
        schedule();
      });
  };

  return {
    name: 'outbox',
    start: () => {
      if (!deps.config.webhooks.enabled) return;
      stopped = false;
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
