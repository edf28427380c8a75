// event: {}
// Errors thrown inside the helpers real handlers are made of: methods of
// service objects and classes. V8 names those frames after the receiver.
'use strict';
const svc = { run() { throw new Error('a'); }, arrow: () => { throw new Error('b'); }, fn: function () { throw new Error('c'); }, named: function inner() { throw new Error('d'); } };
class Repo {
  find(id) {
    throw new Error('not found: ' + id);
  }
  static make() { throw new Error('f'); }
}
function plain() { throw new Error('h'); }
const arrowTop = () => { throw new Error('i'); };
const nested = { inner: { deep() { throw new Error('j'); } } };
const db = {
  async query(sql) {
    await null;
    throw new Error('timeout running ' + sql);
  },
};

exports.handler = async () => {
  const out = [];
  for (const f of [() => svc.run(), () => svc.arrow(), () => svc.fn(), () => svc.named(), () => new Repo().find(7), () => Repo.make(), () => plain(), () => arrowTop(), () => nested.inner.deep(), () => [1].map(function cb() { throw new Error('m'); })]) {
    try { f(); } catch (e) { out.push(e.stack.split('\n').slice(0, 3).join(' | ')); }
  }
  console.log(out);
  return db.query('select 1');
};
