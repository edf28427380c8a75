// event: {"headers":{}}
exports.handler = async (event) => {
  const size = event.body.length;
  return { size };
};
