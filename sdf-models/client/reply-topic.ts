import { withPrefix } from '../contract/topics.js';

/**
 * Where a client's replies go: `[<prefix>/]farside/clients/<clientId>/replies`. Four
 * levels below the prefix on purpose: request topics have 1, 2, 3 or 5 levels, so no
 * gateway request filter (requestSubscriptions) ever matches a reply, whatever the names.
 */
export function replyTopicFor(clientId: string, prefix?: string): string {
  return withPrefix(`farside/clients/${clientId}/replies`, prefix);
}
