// POST /orders through a function URL: validate the JSON body.
const json = (statusCode, obj) => ({
  statusCode,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(obj),
});

exports.handler = async (event, context) => {
  const order = JSON.parse(event.body);
  // TODO: check the body, item and quantity (see README.md) and answer 400
  // with the right error before accepting the order.
  return json(201, { item: order.item, quantity: order.quantity });
};
