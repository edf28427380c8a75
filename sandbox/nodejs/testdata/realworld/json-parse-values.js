// event: {"body": "{\"name\":\"ada\",\"tags\":[\"a\",\"b\"],\"n\":1.5e3}"}
// node >= 20: JSON.parse error messages changed in V8 10.5
// JSON.parse as handlers use it, with the inputs where parsers differ:
// __proto__ keys, integer-like keys, -0, huge numbers, escapes, a reviver,
// non-string arguments, duplicate keys, and the errors of bad bodies.
const inputs = ['{"a":1,"b":[true,false,null],"c":{"d":"e\\u00e9\\n"}}', '{"__proto__":{"x":1},"2":"two","1":"one"}',
  '1e400', '-0', '"\\ud83d\\ude00"', '[]', '{}', ' [1, 2.5e3, -7] ', '{"a":1,"a":2}', '123456789012345678901234567890',
  '{"deep":[[[[{"x":[1,{"y":null}]}]]]]}', '"tab\\tquote\\"slash\\/"'];

exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  const out = inputs.map((s) => {
    const v = JSON.parse(s);
    return [JSON.stringify(v), typeof v, v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype,
      v !== null && typeof v === 'object' ? Object.keys(v).join() : '-', Object.is(v, -0)];
  });
  out.push(JSON.parse('{"a":[1,2]}', (k, v) => (typeof v === 'number' ? v * 10 : v)), JSON.parse(null), JSON.parse(5), JSON.parse(true));
  for (const bad of ['', '{"name": "ada",}', "{'a':1}", '<html>502 Bad Gateway</html>', 'undefined']) {
    try { JSON.parse(bad); } catch (e) { console.log(e.name, e.message.replace(/ \(line \d+ column \d+\)$/, '')); }
  }
  return { name: body.name, tags: body.tags, n: body.n, out };
};
