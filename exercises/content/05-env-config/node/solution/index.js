// One code package, configured per stage through environment variables.
exports.handler = async (event, context) => {
  const table = process.env.TABLE_NAME;
  if (!table) {
    return { error: "TABLE_NAME is not set" };
  }
  return {
    table,
    greeting: process.env.GREETING || "Hello",
    maxItems: parseInt(process.env.MAX_ITEMS || "10", 10),
  };
};
