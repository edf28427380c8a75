// event: {"detail":{}}
exports.handler = async (event) => {
  let n = 0;
  for (const record of event.Records) n++;
  return n;
};
