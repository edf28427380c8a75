// One code package, configured per stage through environment variables.
exports.handler = async (event, context) => {
  // TODO: read TABLE_NAME, GREETING and MAX_ITEMS from process.env, with
  // defaults for the optional ones and MAX_ITEMS as a number.
  return {
    table: "orders",
    greeting: process.env.GREETING,
    maxItems: process.env.MAX_ITEMS,
  };
};
