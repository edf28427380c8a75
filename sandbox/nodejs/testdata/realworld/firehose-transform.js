// event: {"invocationId":"inv-1","records":[{"recordId":"r1","data":"eyJ0aWNrZXIiOiJBTVpOIiwicHJpY2UiOjE4MH0="},{"recordId":"r2","data":"eyJ0aWNrZXIiOiJNU0ZUIiwicHJpY2UiOjQyMH0="}]}
'use strict';
// Kinesis Firehose data transformation blueprint.
console.log('Loading function');
exports.handler = (event, context, callback) => {
  let success = 0;
  let failure = 0;
  const output = event.records.map((record) => {
    const payload = new Buffer(record.data, 'base64').toString('utf8');
    console.log('Decoded payload:', payload);
    try {
      const obj = JSON.parse(payload);
      obj.processed = true;
      success++;
      return { recordId: record.recordId, result: 'Ok', data: new Buffer(JSON.stringify(obj) + '\n').toString('base64') };
    } catch (e) {
      failure++;
      return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    }
  });
  console.log(`Processing completed.  Successful records ${success}, Failed records ${failure}.`);
  callback(null, { records: output });
};
