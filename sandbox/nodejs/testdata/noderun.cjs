// noderun.cjs loads a Lambda handler in real Node.js and calls it as the
// nodejs22.x runtime interface client does (callback, context.succeed/
// fail/done, promise, "Invoke Error" log line), printing what the tutor's
// sandbox must match: {"logs":[...],"response":"..."} on stdout.
// Usage: node noderun.cjs HANDLER_FILE EVENT_JSON
'use strict';
const util = require('util');
const path = require('path');
const [file, eventJSON] = process.argv.slice(2);
const reqIdOfInvoke = '11111111-2222-3333-4444-555555555555';
let reqId; // undefined during INIT, as on Lambda
const logs = [];
for (const [name, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  console[name] = (...args) => logs.push(`${new Date().toISOString()}\t${reqId}\t${level}\t${util.format(...args)}`);
}
const realWrite = process.stdout.write.bind(process.stdout);
process.stderr.write = (s) => { logs.push(String(s).replace(/\(node:\d+\)/, '(node:8)').replace(/\n$/, '')); return true; };

function toFormatted(err) {
  const e = err instanceof Error ? err : new Error(err);
  return '\t' + JSON.stringify(e, (k, v) => {
    if (v instanceof Error) {
      const ret = Object.assign({ errorType: v.name, errorMessage: v.message, code: v.code }, v);
      if (typeof v.stack === 'string') ret.stack = v.stack.split('\n');
      return ret;
    }
    return v;
  });
}
function toRapid(err) {
  // The client's test: a native error, or anything with string name,
  // message and stack (src/Errors.js, toRapidResponse).
  const errorLike = err && typeof err.name === 'string' && err.name && typeof err.message === 'string' && err.message && typeof err.stack === 'string' && err.stack;
  if (util.types.isNativeError(err) || errorLike) return { errorType: err.name, errorMessage: err.message, trace: err.stack.split('\n') };
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}
let finished = false;
let streamed = null; // {prelude} of a streaming handler
function finish(response) {
  if (finished) return;
  finished = true;
  realWrite(JSON.stringify({ logs, response, prelude: streamed && streamed.prelude }) + '\n');
  process.exit(0);
}

// awslambda, as the runtime client defines it for streaming handlers.
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
globalThis.awslambda = {
  streamifyResponse: (handler) => { handler[HANDLER_STREAMING] = 'response'; return handler; },
  HttpResponseStream: class HttpResponseStream {
    static from(s, prelude) {
      s.setContentType('application/vnd.awslambda.http-integration-response');
      const p = JSON.stringify(prelude);
      s._onBeforeFirstWrite = (write) => { write(p); write(new Uint8Array(8)); };
      return s;
    }
  },
};
function responseStream() {
  const { Writable } = require('stream');
  const chunks = [];
  let first = true;
  streamed = { prelude: null };
  const w = new Writable({ write(chunk, enc, cb) { chunks.push(Buffer.from(chunk)); cb(); } });
  const origWrite = w.write.bind(w);
  w.setContentType = () => {};
  w.write = function (chunk, encoding, cb) {
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && (chunk && chunk.constructor) !== Uint8Array) chunk = JSON.stringify(chunk);
    if (first && typeof this._onBeforeFirstWrite === 'function') {
      const got = [];
      this._onBeforeFirstWrite((c) => got.push(c));
      streamed.prelude = got[0];
    }
    first = false;
    return origWrite(chunk, encoding, cb);
  };
  return { w, body: () => Buffer.concat(chunks).toString() };
}
async function invokeStreaming(handler, event, context) {
  const { w, body } = responseStream();
  let result;
  try {
    result = handler(event, w, context);
    if (!result || typeof result.then !== 'function') return postError('Streaming does not support non-async handlers.');
    result = await result;
  } catch (err) {
    return postError(err);
  }
  if (typeof result !== 'undefined') console.warn('Streaming handlers ignore return values.');
  await new Promise((r) => setImmediate(r));
  if (!w.writableFinished) return postError('Response stream is not finished.');
  finish(body());
}
function postError(err) {
  console.error('Invoke Error', toFormatted(err));
  finish(JSON.stringify(toRapid(err)));
}
function complete(result) {
  const s = JSON.stringify(result);
  finish(s === undefined ? 'null' : s);
}

(async () => {
  let mod;
  try {
    mod = file.endsWith('.mjs') ? await import(file) : require(file);
  } catch (err) {
    console.error('Uncaught Exception', toFormatted(err));
    finish(JSON.stringify(toRapid(err)));
    return;
  }
  const handler = mod.handler;
  reqId = reqIdOfInvoke;
  if (handler[HANDLER_STREAMING] === 'response') {
    const ctx = { awsRequestId: reqIdOfInvoke, functionName: 'my-function', getRemainingTimeInMillis: () => 3000 };
    class Runtime {
      constructor(h) { this.handler = h; }
      handleOnceStreaming(event, stream) { return this.handler(event, stream, ctx); }
    }
    const rt = new Runtime(handler);
    return invokeStreaming((event, stream) => rt.handleOnceStreaming(event, stream), JSON.parse(eventJSON), ctx);
  }
  let waits = true;
  let done = false;
  const once = (fn) => (...a) => { if (!done) { done = true; fn(...a); } };
  const ctxDone = (err, result) => (err !== undefined && err !== null ? postError(err) : complete(result));
  const context = {
    get callbackWaitsForEmptyEventLoop() { return waits; },
    set callbackWaitsForEmptyEventLoop(v) { waits = v; },
    succeed: once((r) => ctxDone(null, r)),
    fail: once((e) => ctxDone(e === undefined || e === null ? 'handled' : e, null)),
    done: once(ctxDone),
    functionVersion: '$LATEST',
    functionName: 'my-function',
    memoryLimitInMB: '128',
    logGroupName: '/aws/lambda/my-function',
    logStreamName: 'stream',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:my-function',
    awsRequestId: reqIdOfInvoke,
    getRemainingTimeInMillis: () => 3000,
  };
  const callback = once((err, result) => {
    if (err !== undefined && err !== null) return postError(err);
    if (!waits) return complete(result);
    process.once('beforeExit', () => setImmediate(() => complete(result)));
  });
  // The runtime client calls this.handler(...) on its Runtime object:
  // V8 names the handler's stack frame after that call.
  class Runtime {
    constructor(h) { this.handler = h; }
    handleOnce(event) { return this.handler(event, context, callback); }
  }
  try {
    const result = new Runtime(handler).handleOnce(JSON.parse(eventJSON));
    if (result && typeof result.then === 'function') result.then(context.succeed, context.fail);
  } catch (err) {
    callback(err);
  }
  // The runtime client's default beforeExit listener: an async handler
  // whose promise never settled fails with Runtime.NodeJsExit; any other
  // handler that never answered responds null.
  const isAsync = handler.constructor && handler.constructor.name === 'AsyncFunction';
  process.once('beforeExit', () => {
    if (done) return;
    done = true;
    if (!isAsync) return complete(null);
    class NodeJsExit extends Error {
      constructor() {
        super('The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes');
      }
    }
    NodeJsExit.prototype.name = 'Runtime.NodeJsExit';
    postError(new NodeJsExit());
  });
})();
