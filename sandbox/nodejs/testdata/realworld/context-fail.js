// event: {"amount":-5}
exports.handler = function (event, context) {
  if (event.amount < 0) {
    context.fail(new Error('amount must be positive'));
    return;
  }
  context.succeed({ ok: true });
};
