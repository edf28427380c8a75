// Orders of a customer, newest first, read page by page with lib-dynamodb's
// paginateQuery (an async iterable of pages; pageSize is Limit).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/introduction/#paginators
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  const puts = [1, 2, 3, 4, 5].map((n) => ({ PutRequest: { Item: { customer: event.customer, orderNo: n, total: n * 10 } } }));
  puts.push({ PutRequest: { Item: { customer: 'other', orderNo: 1, total: 5 } } });
  const { UnprocessedItems } = await ddb.send(new BatchWriteCommand({ RequestItems: { Orders: puts } }));
  const pages = [];
  const totals = [];
  for await (const page of paginateQuery({ client: ddb, pageSize: 2 }, {
    TableName: 'Orders',
    KeyConditionExpression: 'customer = :c AND orderNo > :min',
    ExpressionAttributeValues: { ':c': event.customer, ':min': 1 },
    ScanIndexForward: false,
  })) {
    pages.push(page.Count);
    for (const item of page.Items) totals.push(item.total);
  }
  return { unprocessed: Object.keys(UnprocessedItems).length, pages, totals };
};
