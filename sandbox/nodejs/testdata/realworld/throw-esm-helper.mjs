// event: {"items":[{"sku":"A","qty":2},{"sku":"B","qty":-1}]}
const check = (item) => {
  if (item.qty < 1) throw new RangeError(`quantity of ${item.sku} must be at least 1`);
  return item;
};
export const handler = async (event) => {
  const items = event.items.map(check);
  return { count: items.length };
};
