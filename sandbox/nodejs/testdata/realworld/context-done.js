// event: {"items":[1,2,3]}
exports.handler = function (event, context) {
  const total = event.items.reduce((a, b) => a + b, 0);
  context.done(null, { total });
  context.done(null, { total: 'ignored' });
};
