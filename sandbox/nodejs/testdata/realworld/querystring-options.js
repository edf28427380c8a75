// event: {"rawQuery": "tag=a&tag=b&name=J%C3%BCrgen+M&empty=&flag&bad=%E0%A4%A"}
// querystring as API and form handlers use it: repeated keys become
// arrays, + is a space, malformed escapes stay as written, custom
// separators, and the encode/decode aliases.
const querystring = require('querystring');

exports.handler = async (event) => {
  const q = querystring.parse(event.rawQuery);
  console.log(q);
  const semi = querystring.decode('a:1;b:2;b:3', ';', ':');
  const limited = querystring.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 });
  const out = querystring.stringify({ name: 'Jürgen M', tags: ['x y', 'z'], n: 5, t: true, nothing: null, obj: { a: 1 } });
  console.log(out, querystring.encode({ a: 'b' }, ';', ':'), querystring.unescape('a%20b+c'), querystring.escape('a b&c=d/é'));
  const odd = ['%E0%A4%A', '%zz%41', 'a%2', '%%41', 'é%FF'].map((s) => [querystring.unescape(s), querystring.unescapeBuffer(s, true).toString('hex')]);
  return { q, semi, limited, out, odd };
};
