// event: {"key": "report.csv"}
// A handler that wraps a callback API in a promise and forgets to call
// resolve on one path: nothing is left on the event loop.
const lookup = (key, cb) => { if (key.endsWith('.json')) cb(null, { key }); };

exports.handler = async (event) => {
  console.log('looking up', event.key);
  const item = await new Promise((resolve) => lookup(event.key, (err, v) => resolve(v)));
  return { found: item };
};
