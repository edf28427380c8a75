// event: {"body":""}
// Handlers that catch and return the message: it must read as Node's.
exports.handler = async (event) => {
  const out = {};
  try { JSON.parse(event.body); } catch (e) { out.parse = `${e.name}: ${e.message}`; }
  try { event.items.map((x) => x); } catch (e) { out.map = e.message; }
  try { event.missing.deep.value; } catch (e) { out.read = e.message; }
  try { event.run(); } catch (e) { out.call = e.message; }
  return { statusCode: 400, body: JSON.stringify(out) };
};
