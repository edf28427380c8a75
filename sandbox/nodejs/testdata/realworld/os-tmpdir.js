// event: {"name": "report.txt"}
// Handlers use os for /tmp paths, line endings and a few facts about the
// machine; only what is the same on Lambda and any Linux node is printed.
const os = require('os');
const path = require('node:path');
const fs = require('fs');

exports.handler = async (event) => {
  const file = path.join(os.tmpdir(), event.name);
  fs.writeFileSync(file, ['a', 'b'].join(os.EOL));
  console.log('platform', os.platform(), os.type(), os.endianness(), JSON.stringify(os.EOL));
  console.log('types', typeof os.hostname(), typeof os.totalmem(), typeof os.freemem(), typeof os.uptime(), Array.isArray(os.cpus()));
  console.log('cpu fields', Object.keys(os.cpus()[0]).join(','), Object.keys(os.cpus()[0].times).join(','));
  console.log('user fields', Object.keys(os.userInfo()).join(','));
  console.log('lo', JSON.stringify(os.networkInterfaces().lo[0].address));
  return { file, lines: fs.readFileSync(file, 'utf8').split(os.EOL).length, freeBelowTotal: os.freemem() <= os.totalmem() };
};
