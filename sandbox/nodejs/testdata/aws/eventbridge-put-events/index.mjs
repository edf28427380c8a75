// Emit a domain event on the default bus: PutEvents answers one entry per
// event with its EventId, and FailedEntryCount.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

const eb = new EventBridgeClient({});

export const handler = async (event) => {
  const out = await eb.send(new PutEventsCommand({
    Entries: [{ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ id: event.id, total: 120 }) }],
  }));
  return { failed: out.FailedEntryCount, entries: out.Entries.length, hasId: typeof out.Entries[0].EventId === 'string' };
};
