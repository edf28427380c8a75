// event: {"text":"compress me, compress me, compress me"}
import zlib from 'zlib';
import { promisify } from 'util';
const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
export const handler = async (event) => {
  const packed = await gzip(event.text);
  const unpacked = await gunzip(packed);
  console.log('gzip magic', packed[0].toString(16), packed[1].toString(16));
  return { same: unpacked.toString() === event.text, isBuffer: Buffer.isBuffer(packed) };
};
