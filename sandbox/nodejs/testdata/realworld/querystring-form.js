// event: {"httpMethod":"POST","body":"name=Ada+Lovelace&lang=en&lang=fr&note=100%25+sure","isBase64Encoded":false}
const querystring = require('querystring');
exports.handler = async (event) => {
  const form = querystring.parse(event.body);
  console.log(form);
  return { statusCode: 200, body: JSON.stringify({ name: form.name, langs: form.lang, note: form.note }) };
};
