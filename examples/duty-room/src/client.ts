// A small duty-room client: signs in, lists open incidents, follows incidentEvents (resuming
// from the last cursor it processed) and acknowledges work. Every operation and result is typed
// from the committed schema; `npm test` regenerates the types and type-checks this file.
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { AcknowledgeIncident, CompleteTask, IncidentEvents, OpenIncidents, SignIn } from './operations.js';
import type { IncidentEventsSubscription, OpenIncidentsQuery } from './gql/graphql.js';

export interface DutyRoomOptions {
  /** e.g. http://127.0.0.1:4000/graphql; the websocket is the same URL. */
  url: string;
  /** Where the last processed cursor is kept across restarts (a file, localStorage …). */
  cursorStore?: { load(): string | null; save(cursor: string): void };
  /**
   * Send each operation's hash (`documentId`, from src/gql/persisted-documents.json) instead of its
   * text: for a server started with that manifest as GRAPHQL_TRUSTED_DOCUMENTS.
   */
  persistedDocuments?: boolean;
  /** Node 20 has no global WebSocket: pass `ws`'s (`import WebSocket from 'ws'`). */
  webSocketImpl?: unknown;
}

/** The hash the client preset puts on each document (persistedDocuments: true). */
function documentIdOf(document: unknown): string | undefined {
  return (document as { __meta__?: { hash?: string } }).__meta__?.hash;
}

export class GraphQLFailure extends Error {}

export class DutyRoom {
  private token: string | null = null;
  private ws: Client | null = null;

  constructor(private readonly options: DutyRoomOptions) {}

  private async request<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const res = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify(this.options.persistedDocuments ? { documentId: documentIdOf(document), variables } : { query: print(document), variables }),
    });
    const body = (await res.json()) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length || !body.data) throw new GraphQLFailure(body.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ') ?? `HTTP ${res.status}`);
    return body.data;
  }

  async signIn(email: string, password: string, tenantSlug?: string): Promise<string> {
    const { login } = await this.request(SignIn, { input: { email, password, tenantSlug } });
    if (login.userErrors.length || !login.tokens) throw new GraphQLFailure(login.userErrors.map((e) => `${e.code} ${e.message}`).join('; '));
    this.token = login.tokens.accessToken;
    return login.tenant?.name ?? '';
  }

  async openIncidents(first = 50): Promise<OpenIncidentsQuery['incidents']['edges'][number]['node'][]> {
    const all: OpenIncidentsQuery['incidents']['edges'][number]['node'][] = [];
    let after: string | null = null;
    for (;;) {
      const { incidents }: OpenIncidentsQuery = await this.request(OpenIncidents, { first, after });
      all.push(...incidents.edges.map((e) => e.node));
      if (!incidents.pageInfo.hasNextPage) return all;
      after = incidents.pageInfo.endCursor ?? null;
    }
  }

  /** Follows incident events; after a reconnect it resumes from the last cursor it processed. */
  follow(onEvent: (event: IncidentEventsSubscription['incidentEvents']) => void, onError: (error: unknown) => void = console.error): () => void {
    const store = this.options.cursorStore;
    let last = store?.load() ?? null;
    this.ws ??= createClient({
      url: this.options.url.replace(/^http/, 'ws'),
      connectionParams: () => ({ authorization: `Bearer ${this.token ?? ''}` }),
      retryAttempts: Infinity,
      webSocketImpl: this.options.webSocketImpl,
    });
    const run = () =>
      this.ws!.subscribe<IncidentEventsSubscription>(
        {
          query: print(IncidentEvents),
          ...(this.options.persistedDocuments ? { extensions: { documentId: documentIdOf(IncidentEvents) } } : {}),
          variables: { after: last, filter: { kinds: ['REPORTED', 'ESCALATED', 'TASK_OVERDUE', 'CLOCK_MISSED'] } },
        },
        {
          next: ({ data }) => {
            if (!data) return;
            onEvent(data.incidentEvents);
            last = data.incidentEvents.cursor;
            store?.save(last);
          },
          error: (error) => {
            onError(error);
            // A closed socket (token expiry, 1001 shutdown): subscribe again from `last`.
            setTimeout(() => { dispose = run(); }, 1000);
          },
          complete: () => undefined,
        },
      );
    let dispose = run();
    return () => dispose();
  }

  async acknowledge(incidentId: string, note?: string): Promise<string> {
    const { acknowledgeIncident } = await this.request(AcknowledgeIncident, { input: { incidentId, note } });
    if (acknowledgeIncident.userErrors.length) throw new GraphQLFailure(acknowledgeIncident.userErrors.map((e) => e.code).join(', '));
    return acknowledgeIncident.incident!.status;
  }

  async completeTask(taskId: string, note?: string): Promise<string | null> {
    const { completeTask } = await this.request(CompleteTask, { input: { taskId, note, evidence: [] } });
    if (completeTask.userErrors.length) throw new GraphQLFailure(completeTask.userErrors.map((e) => e.code).join(', '));
    return completeTask.nextTask?.id ?? null;
  }

  async close(): Promise<void> {
    await this.ws?.dispose();
  }
}
