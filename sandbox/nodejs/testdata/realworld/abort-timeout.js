// event: {"ms": 50}
// node >= 20: the global crypto came in node 19
// A timeout around slow work with AbortController and AbortSignal, as
// handlers guard downstream calls; and the global crypto's randomUUID.
const slow = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(() => resolve('finished'), ms);
  signal.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

exports.handler = async (event) => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), event.ms);
  const out = {};
  try { out.first = await slow(event.ms * 4, ac.signal); } catch (e) { out.first = [e.name, e.message, e.code, e instanceof Error, ac.signal.aborted]; }
  try { out.second = await slow(event.ms * 4, AbortSignal.timeout(event.ms)); } catch (e) { out.second = [e.name, e.message, e.code]; }
  out.fast = await slow(1, new AbortController().signal);
  const pre = AbortSignal.abort('why');
  try { pre.throwIfAborted(); } catch (e) { out.pre = [e, pre.reason]; }
  out.uuid = /^[0-9a-f-]{36}$/.test(crypto.randomUUID());
  out.rand = crypto.getRandomValues(new Uint8Array(4)).length;
  return out;
};
