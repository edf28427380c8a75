exports.handler = async () => ({ count: 0 });
