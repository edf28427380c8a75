// One function calls another synchronously: Invoke answers StatusCode 200
// and the Payload as bytes (a Uint8Array).
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/lambda/command/InvokeCommand/
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';

const lambda = new LambdaClient({});

export const handler = async (event) => {
  const res = await lambda.send(new InvokeCommand({
    FunctionName: 'price', Payload: JSON.stringify({ sku: event.sku, qty: 3 }),
  }));
  const result = JSON.parse(new TextDecoder().decode(res.Payload));
  return { status: res.StatusCode, result, again: JSON.parse(res.Payload.transformToString()).total };
};
