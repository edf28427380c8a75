// event: {"order":{}}
exports.handler = async function processOrder(event) {
  validate(event.order);
  return 'accepted';
};
function validate(order) {
  if (!order.id) throw new TypeError('order.id is required');
}
