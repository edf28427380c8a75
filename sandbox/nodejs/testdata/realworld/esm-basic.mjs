// event: {"key1":"value1","key2":"value2","key3":"value3"}
// The console's default Node.js template.
export const handler = async (event) => {
  console.log('value1 =', event.key1);
  console.log('value2 =', event.key2);
  const response = {
    statusCode: 200,
    body: JSON.stringify('Hello from Lambda!'),
  };
  return response;
};
