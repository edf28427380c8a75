// event: {}
exports.handler = () => Promise.reject({ code: 42, reason: 'quota' });
