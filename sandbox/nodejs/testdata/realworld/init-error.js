// event: {}
const TABLE = process.env.TABLE_NAME;
console.log('loading');
if (!TABLE) throw new Error('TABLE_NAME is not set');
exports.handler = async () => TABLE;
