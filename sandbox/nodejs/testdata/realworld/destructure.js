// event: {"source":"aws.events"}
exports.handler = async (event) => {
  const { name, id } = event.detail;
  return { name, id };
};
