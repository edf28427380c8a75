exports.handler = async (event) => {
  return "hi";
};
