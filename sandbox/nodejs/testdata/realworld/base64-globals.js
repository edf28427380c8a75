// event: {"auth": "Basic dXNlcjpwYXNz", "token": "eyJzdWIiOiIxMjMifQ"}
// atob/btoa as browser-style code uses them (JWT payloads, Basic auth),
// and a URL built up through searchParams.
exports.handler = async (event) => {
  const [user, pass] = atob(event.auth.split(' ')[1]).split(':');
  const claims = JSON.parse(atob(event.token));
  let bad;
  try { btoa('✓'); } catch (e) { bad = [e.name, e.message]; }
  const u = new URL('https://api.example.com/v1/items?limit=10');
  u.searchParams.append('cursor', 'a b/c');
  u.searchParams.set('limit', '20');
  u.hash = 'top';
  return { user, pass, claims, bad, roundTrip: btoa(atob('aGk=')), href: u.href, str: String(u), json: JSON.stringify({ u }) };
};
