// event: {"name":"Ada"}
// Node.js 0.10-era style, still in old blueprints: context.succeed.
exports.handler = function (event, context) {
  console.log('value1 =', event.name);
  context.succeed('Hello ' + event.name);
};
