// event: {"body":"hello world"}
const { createHash, randomUUID } = require('crypto');
exports.handler = async (event) => {
  return {
    md5: createHash('md5').update(event.body).digest('hex'),
    sha1: createHash('sha1').update(event.body, 'utf8').digest('base64'),
    sha256: createHash('sha256').update(Buffer.from(event.body)).digest('hex'),
    uuidShape: /^[0-9a-f-]{36}$/.test(randomUUID()),
  };
};
