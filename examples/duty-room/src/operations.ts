// The duty room's operations, typed by graphql-codegen from schema/schema.graphql.
import { graphql } from './gql/index.js';

export const SignIn = graphql(`
  mutation SignIn($input: LoginInput!) {
    login(input: $input) {
      tokens { accessToken refreshToken accessTokenExpiresAt }
      tenant { name }
      userErrors { code field message }
    }
  }
`);

export const OpenIncidents = graphql(`
  query OpenIncidents($first: Int!, $after: String) {
    incidents(first: $first, after: $after, filter: { status: [REPORTED, ACKNOWLEDGED, RESPONDING, HANDLING] }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id receiptNumber status levelReached summary receivedAt overdue
          unit { name }
          openTasks { id action dueAt evidenceRequired assignee { displayName } }
        }
      }
    }
  }
`);

export const IncidentEvents = graphql(`
  subscription IncidentEvents($after: String, $filter: IncidentEventFilter) {
    incidentEvents(after: $after, filter: $filter) {
      cursor kind time action incidentId
      incident { receiptNumber status levelReached summary }
    }
  }
`);

export const AcknowledgeIncident = graphql(`
  mutation AcknowledgeIncident($input: AcknowledgeIncidentInput!) {
    acknowledgeIncident(input: $input) {
      incident { id status acknowledgedAt }
      userErrors { code field message }
    }
  }
`);

export const CompleteTask = graphql(`
  mutation CompleteTask($input: CompleteTaskInput!) {
    completeTask(input: $input) {
      task { id status doneAt }
      nextTask { id action dueAt }
      userErrors { code field message }
    }
  }
`);
