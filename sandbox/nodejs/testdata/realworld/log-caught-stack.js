// event: {"orders":[{"id":1,"total":5},{"id":2}]}
function totalOf(order) {
  return order.total.toFixed(2);
}
exports.handler = async (event) => {
  const out = [];
  for (const order of event.orders) {
    try {
      out.push(totalOf(order));
    } catch (err) {
      console.error('order failed:', err.stack);
      console.error(err);
      out.push(null);
    }
  }
  return out;
};
