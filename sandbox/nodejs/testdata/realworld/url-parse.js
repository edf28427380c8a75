// event: {"url":"https://api.example.com:8443/v1/orders?id=42&sort=desc#top"}
const url = require('url');
exports.handler = async (event) => {
  const u = new URL(event.url);
  const legacy = url.parse(event.url, true);
  console.log(u.hostname, u.port, u.pathname, u.searchParams.get('id'));
  return { host: u.host, search: u.search, hash: u.hash, legacyPath: legacy.pathname, legacyQuery: legacy.query.sort, origin: u.origin };
};
