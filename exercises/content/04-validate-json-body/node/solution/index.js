// POST /orders through a function URL: validate the JSON body.
const json = (statusCode, obj) => ({
  statusCode,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(obj),
});

exports.handler = async (event, context) => {
  if (!event.body) {
    return json(400, { error: "request body is required" });
  }
  let order;
  try {
    order = JSON.parse(event.body);
  } catch (err) {
    return json(400, { error: "body is not valid JSON" });
  }
  if (order === null || typeof order !== "object") {
    return json(400, { error: "request body is required" });
  }
  if (typeof order.item !== "string" || order.item === "") {
    return json(400, { error: "item must be a non-empty string" });
  }
  const q = order.quantity;
  if (!Number.isInteger(q) || q < 1 || q > 100) {
    return json(400, { error: "quantity must be a whole number from 1 to 100" });
  }
  return json(201, { item: order.item, quantity: q });
};
