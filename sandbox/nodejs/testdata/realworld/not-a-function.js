// event: {"items":{"a":1}}
exports.handler = async (event) => {
  const out = [];
  event.items.forEach((i) => out.push(i));
  return out;
};
