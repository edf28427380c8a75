// event: {"items":["alpha","beta","gamma"]}
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const lines = event.items.map((item, i) => JSON.stringify({ i, item }) + '\n');
  await pipeline(Readable.from(lines), responseStream);
});
