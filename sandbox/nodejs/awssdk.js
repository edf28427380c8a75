// The AWS SDK for JavaScript v3 as the tutor's Node.js runtime offers it:
// the @aws-sdk/* packages a handler requires, with clients whose send()
// runs the command against the in-process AWS services of the function's
// project (lambdatutor.yaml) through native.call, the sandbox's Host.AWS.
// Shapes, error classes, $metadata and paginators follow the SDK:
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/
(function (native, support) {
  'use strict';
  const Buffer = support.Buffer;
  const EventEmitter = support.EventEmitter;

  // ServiceException is @smithy/smithy-client's base of every service error.
  class ServiceException extends Error {
    constructor(options) {
      super(options.message);
      Object.setPrototypeOf(this, Object.getPrototypeOf(this).constructor.prototype);
      this.name = options.name;
      this.$fault = options.$fault;
      this.$metadata = options.$metadata;
    }
  }

  // named makes a class with a computed name.
  function named(name, make) { return make(name); }

  function middlewareStack() {
    return { add() {}, addRelativeTo() {}, remove() { return false; }, use() {}, clone() { return middlewareStack(); } };
  }

  function metadata(status, requestId) {
    return { httpStatusCode: status, requestId, extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 };
  }

  const services = {};

  // call runs a command's operation through the Go side (native.call) and
  // gives the output its $metadata. The request ID is drawn after the
  // call, as an error's is; the status is 200 but for S3's DeleteObject
  // (204) and Lambda's Invoke (its StatusCode).
  function call(service, op, input, doc, flags) {
    const out = native.call(service, op, input, doc, flags);
    let status = 200;
    if (service === 's3' && op === 'DeleteObject') status = 204;
    else if (service === 'lambda' && typeof out.StatusCode === 'number') status = out.StatusCode;
    out.$metadata = { httpStatusCode: status, requestId: native.requestId(), extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 };
    return out;
  }

  // makeError is called by the Go side with an AWS error of a service.
  function makeError(service, code, message, status, fields, requestId) {
    const svc = services[service];
    const $metadata = metadata(status, requestId);
    const $fault = status >= 500 ? 'server' : 'client';
    let e;
    const name = (svc && svc.aliases[code]) || code;
    const C = svc && svc.errors[name];
    if (C) e = new C({ message, $metadata });
    else e = new (svc ? svc.Base : ServiceException)({ name, $fault, message, $metadata });
    e.$fault = $fault;
    if (fields) Object.assign(e, fields);
    return e;
  }

  function send(client, command, a, b) {
    const cb = typeof a === 'function' ? a : (typeof b === 'function' ? b : undefined);
    let p;
    try {
      if (!command || typeof command.__send !== 'function') {
        throw new TypeError('client.send() takes a command: client.send(new PutItemCommand({ ... }))');
      }
      p = Promise.resolve(command.__send(client));
    } catch (e) {
      p = Promise.reject(e);
    }
    if (cb) {
      p.then((r) => cb(null, r), (e) => cb(e));
      return undefined;
    }
    return p;
  }

  class Command {
    constructor(input) {
      this.input = input === undefined ? {} : input;
    }
    // Made on first use: handlers rarely touch it, and send() never does.
    get middlewareStack() {
      const m = middlewareStack();
      Object.defineProperty(this, 'middlewareStack', { value: m, writable: true, configurable: true, enumerable: true });
      return m;
    }
    resolveMiddleware() { throw new Error('resolveMiddleware is not offered by the tutor\'s AWS SDK: use client.send(command)'); }
  }

  const lcfirst = (s) => s[0].toLowerCase() + s.slice(1);

  // define makes the exports of one client package.
  function define(spec) {
    const svc = { errors: {}, aliases: spec.aliases || {} };
    services[spec.service] = svc;
    const exports = { ServiceException, __ServiceException: ServiceException };
    const baseName = spec.prefix + 'ServiceException';
    const Base = named(baseName, (n) => ({ [n]: class extends ServiceException {
      constructor(options) { super(options); Object.setPrototypeOf(this, Base.prototype); }
    } })[n]);
    svc.Base = Base;
    exports[baseName] = Base;
    for (const code of spec.errors) {
      const C = named(code, (n) => ({ [n]: class extends Base {
        constructor(options) {
          super(Object.assign({ name: code, $fault: 'client' }, options));
          Object.setPrototypeOf(this, C.prototype);
        }
      } })[n]);
      svc.errors[code] = C;
      exports[code] = C;
    }
    const clientName = spec.prefix + 'Client';
    const Client = named(clientName, (n) => ({ [n]: class {
      constructor(config) {
        // The resolved configuration's region is a provider (an async
        // function), as in the SDK: await client.config.region().
        const c = Object.assign({}, config || {});
        const region = c.region !== undefined ? c.region : (typeof process === 'undefined' ? undefined : process.env.AWS_REGION);
        c.region = typeof region === 'function' ? region : () => Promise.resolve(region);
        this.config = c;
        this.middlewareStack = middlewareStack();
      }
      send(command, a, b) { return send(this, command, a, b); }
      destroy() {}
    } })[n]);
    exports[clientName] = Client;
    const Aggregated = named(spec.prefix, (n) => ({ [n]: class extends Client {} })[n]);
    exports[spec.prefix] = Aggregated;
    for (const op of spec.ops) {
      const name = op + 'Command';
      const post = spec.post && spec.post[op];
      const pre = spec.pre && spec.pre[op];
      const C = named(name, (n) => ({ [n]: class extends Command {
        __send() {
          const out = call(spec.service, op, pre ? pre(this.input) : this.input, 0, 0);
          return post ? post(out, this.input) : out;
        }
      } })[n]);
      exports[name] = C;
      Aggregated.prototype[lcfirst(op)] = function (input, a, b) { return this.send(new C(input), a, b); };
    }
    for (const p of spec.paginators || []) {
      exports['paginate' + p.op] = paginator([Client], exports[p.op + 'Command'], p);
    }
    return exports;
  }

  // paginator makes a paginateX function: an async iterable of pages.
  // https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/introduction/#paginators
  function paginator(clients, Cmd, p) {
    return function (config, input) {
      if (!config || !clients.some((C) => config.client instanceof C)) {
        const n = clients[0].name;
        throw new Error('Invalid client, expected ' + n.replace(/Client$/, '') + ' | ' + n);
      }
      let token = config.startingToken;
      let done = false;
      const it = {
        next() {
          if (done) return Promise.resolve({ value: undefined, done: true });
          const cmdInput = Object.assign({}, input);
          if (token !== undefined) cmdInput[p.inputToken] = token;
          if (config.pageSize !== undefined) cmdInput[p.pageSize] = config.pageSize;
          return config.client.send(new Cmd(cmdInput)).then((page) => {
            const prev = token;
            token = page[p.outputToken];
            if (!token || (config.stopOnSameToken && token === prev)) done = true;
            return { value: page, done: false };
          });
        },
        return(value) { done = true; return Promise.resolve({ value, done: true }); },
        [Symbol.asyncIterator]() { return this; },
      };
      return it;
    };
  }

  // sdkStream is GetObject's Body: a readable stream of the object's bytes
  // with the SDK's transformToString / transformToByteArray mixin.
  // https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/s3/command/GetObjectCommand/
  function sdkStream(bytes) {
    const body = new EventEmitter();
    let used = false;
    const take = () => {
      if (used) throw new Error('The stream has already been transformed.');
      used = true;
      return bytes;
    };
    body.transformToByteArray = () => { try { return Promise.resolve(new Uint8Array(take())); } catch (e) { return Promise.reject(e); } };
    body.transformToString = (encoding) => {
      try { return Promise.resolve(Buffer.from(take()).toString(encoding || 'utf8')); } catch (e) { return Promise.reject(e); }
    };
    body.transformToWebStream = () => { throw new Error('transformToWebStream: web streams are not offered by the tutor\'s Node.js runtime; use transformToString() or transformToByteArray()'); };
    let flowing = false;
    const flow = () => {
      if (flowing) return;
      flowing = true;
      Promise.resolve().then(() => {
        const b = take();
        if (b.length) body.emit('data', Buffer.from(b));
        body.emit('end');
        body.emit('close');
      });
    };
    const on = body.on;
    body.on = function (ev, fn) { on.call(this, ev, fn); if (ev === 'data') flow(); return this; };
    body.addListener = body.on;
    body.resume = () => { flow(); return body; };
    body.setEncoding = () => body;
    body.pipe = (dest) => {
      body.on('data', (c) => dest.write(c));
      body.once('end', () => { if (typeof dest.end === 'function') dest.end(); });
      return dest;
    };
    body[Symbol.asyncIterator] = () => {
      let sent = false;
      return {
        next() {
          if (sent) return Promise.resolve({ value: undefined, done: true });
          sent = true;
          const b = take();
          return Promise.resolve(b.length ? { value: Buffer.from(b), done: false } : { value: undefined, done: true });
        },
        return(value) { sent = true; return Promise.resolve({ value, done: true }); },
      };
    };
    return body;
  }

  // blob is a Uint8Array with the SDK's transformToString (Lambda's Payload).
  function blob(bytes) {
    if (!(bytes instanceof Uint8Array)) return bytes;
    bytes.transformToString = (encoding) => Buffer.from(bytes).toString(encoding || 'utf8');
    return bytes;
  }

  const packages = {};

  packages['@aws-sdk/client-dynamodb'] = () => define({
    service: 'dynamodb', prefix: 'DynamoDB',
    ops: ['PutItem', 'GetItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem',
      'TransactWriteItems', 'TransactGetItems', 'DescribeTable', 'ListTables', 'CreateTable', 'DeleteTable'],
    errors: ['ConditionalCheckFailedException', 'ResourceNotFoundException', 'TransactionCanceledException',
      'TransactionConflictException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded',
      'ItemCollectionSizeLimitExceededException', 'InternalServerError', 'ResourceInUseException',
      'LimitExceededException', 'IdempotentParameterMismatchException', 'TransactionInProgressException',
      'DuplicateItemException', 'InvalidEndpointException'],
    paginators: [
      { op: 'Query', inputToken: 'ExclusiveStartKey', outputToken: 'LastEvaluatedKey', pageSize: 'Limit' },
      { op: 'Scan', inputToken: 'ExclusiveStartKey', outputToken: 'LastEvaluatedKey', pageSize: 'Limit' },
      { op: 'ListTables', inputToken: 'ExclusiveStartTableName', outputToken: 'LastEvaluatedTableName', pageSize: 'Limit' },
    ],
  });
  packages['@aws-sdk/client-s3'] = () => define({
    service: 's3', prefix: 'S3',
    ops: ['CreateBucket', 'HeadBucket', 'ListBuckets', 'DeleteBucket', 'PutObject', 'GetObject', 'HeadObject',
      'DeleteObject', 'DeleteObjects', 'CopyObject', 'ListObjectsV2', 'ListObjects'],
    errors: ['NoSuchKey', 'NoSuchBucket', 'NotFound', 'NoSuchUpload', 'BucketAlreadyExists', 'BucketAlreadyOwnedByYou',
      'InvalidObjectState', 'ObjectNotInActiveTierError', 'ObjectAlreadyInActiveTierError', 'TooManyParts', 'EncryptionTypeMismatch'],
    paginators: [{ op: 'ListObjectsV2', inputToken: 'ContinuationToken', outputToken: 'NextContinuationToken', pageSize: 'MaxKeys' }],
    post: { GetObject: (out) => { if (out.Body !== undefined) out.Body = sdkStream(out.Body); return out; } },
  });
  packages['@aws-sdk/client-sqs'] = () => define({
    service: 'sqs', prefix: 'SQS',
    ops: ['CreateQueue', 'GetQueueUrl', 'ListQueues', 'GetQueueAttributes', 'PurgeQueue', 'DeleteQueue', 'SendMessage',
      'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage', 'DeleteMessageBatch', 'ChangeMessageVisibility',
      'ChangeMessageVisibilityBatch'],
    errors: ['QueueDoesNotExist', 'QueueNameExists', 'QueueDeletedRecently', 'ReceiptHandleIsInvalid', 'InvalidMessageContents',
      'MessageNotInflight', 'OverLimit', 'PurgeQueueInProgress', 'BatchEntryIdsNotDistinct', 'EmptyBatchRequest',
      'TooManyEntriesInBatchRequest', 'BatchRequestTooLong', 'InvalidBatchEntryId', 'InvalidIdFormat', 'UnsupportedOperation',
      'InvalidAttributeName', 'InvalidAttributeValue', 'InvalidSecurity', 'RequestThrottled', 'InvalidAddress'],
  });
  // stringMessage is a Publish input with a non-string Message as the
  // query serializer sends it: String(Message).
  function stringMessage(input) {
    if (input && input.Message != null && typeof input.Message !== 'string') {
      return Object.assign({}, input, { Message: String(input.Message) });
    }
    return input;
  }
  packages['@aws-sdk/client-sns'] = () => define({
    service: 'sns', prefix: 'SNS',
    ops: ['CreateTopic', 'ListTopics', 'Subscribe', 'Unsubscribe', 'ListSubscriptionsByTopic', 'Publish', 'PublishBatch'],
    errors: ['NotFoundException', 'InvalidParameterException', 'InvalidParameterValueException', 'AuthorizationErrorException',
      'InternalErrorException', 'EndpointDisabledException', 'ThrottledException', 'SubscriptionLimitExceededException',
      'TopicLimitExceededException'],
    // The query protocol sends every scalar member as a form field: the
    // SDK copies Message as it is (se_PublishInput) and form-encodes it
    // with String(), so an object is sent as "[object Object]".
    // https://github.com/aws/aws-sdk-js-v3/blob/main/clients/client-sns/src/protocols/Aws_query.ts
    pre: { Publish: stringMessage },
    // The query protocol's error codes of SNS's modelled exceptions.
    // https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html
    aliases: { NotFound: 'NotFoundException', InvalidParameter: 'InvalidParameterException',
      ParameterValueInvalid: 'InvalidParameterValueException', AuthorizationError: 'AuthorizationErrorException',
      InternalError: 'InternalErrorException', EndpointDisabled: 'EndpointDisabledException', Throttled: 'ThrottledException',
      SubscriptionLimitExceeded: 'SubscriptionLimitExceededException', TopicLimitExceeded: 'TopicLimitExceededException' },
  });
  packages['@aws-sdk/client-eventbridge'] = () => define({
    service: 'eventbridge', prefix: 'EventBridge',
    ops: ['PutEvents', 'PutRule', 'PutTargets', 'ListRules'],
    errors: ['ResourceNotFoundException', 'InternalException', 'ConcurrentModificationException', 'LimitExceededException',
      'ManagedRuleException', 'InvalidEventPatternException', 'ResourceAlreadyExistsException', 'OperationDisabledException'],
  });
  packages['@aws-sdk/client-secrets-manager'] = () => define({
    service: 'secrets-manager', prefix: 'SecretsManager',
    ops: ['GetSecretValue', 'CreateSecret', 'PutSecretValue', 'DescribeSecret', 'ListSecrets'],
    errors: ['ResourceNotFoundException', 'InvalidParameterException', 'InvalidRequestException', 'DecryptionFailure',
      'InternalServiceError', 'ResourceExistsException', 'LimitExceededException', 'EncryptionFailure'],
  });
  packages['@aws-sdk/client-ssm'] = () => define({
    service: 'ssm', prefix: 'SSM',
    ops: ['GetParameter', 'GetParameters', 'GetParametersByPath', 'PutParameter', 'DeleteParameter'],
    errors: ['ParameterNotFound', 'ParameterVersionNotFound', 'ParameterAlreadyExists', 'ParameterLimitExceeded',
      'InternalServerError', 'InvalidKeyId', 'InvalidFilterKey', 'InvalidNextToken', 'HierarchyLevelLimitExceededException',
      'TooManyUpdates', 'UnsupportedParameterType'],
    paginators: [{ op: 'GetParametersByPath', inputToken: 'NextToken', outputToken: 'NextToken', pageSize: 'MaxResults' }],
  });
  packages['@aws-sdk/client-lambda'] = () => define({
    service: 'lambda', prefix: 'Lambda',
    ops: ['Invoke'],
    errors: ['ResourceNotFoundException', 'InvalidParameterValueException', 'ServiceException', 'TooManyRequestsException',
      'InvalidRequestContentException', 'RequestTooLargeException', 'ResourceConflictException', 'UnsupportedMediaTypeException',
      'ResourceNotReadyException'],
    post: { Invoke: (out) => { if (out.Payload !== undefined) blob(out.Payload); return out; } },
  });

  // NumberValue keeps a DynamoDB number as its decimal string (wrapNumbers).
  // https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-util-dynamodb/
  class NumberValue {
    constructor(value) {
      if (typeof value === 'object' && value !== null && 'N' in value) value = value.N;
      this.value = String(value);
      const v = this.value.trim();
      if (v === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) {
        throw new Error('The value ' + this.value + ' is not a valid number');
      }
    }
    static from(value) { return value instanceof NumberValue ? value : new NumberValue(value); }
    toAttributeValue() { return { N: this.toString() }; }
    toBigInt() { return BigInt(this.value.trim()); }
    toString() { return String(this.value); }
    valueOf() { return this.toString(); }
  }
  native.setNumberValue(NumberValue.prototype);

  // Options of lib-dynamodb's translateConfig, as a bit set for the Go side.
  function docFlags(tc) {
    const m = (tc && tc.marshallOptions) || {};
    const u = (tc && tc.unmarshallOptions) || {};
    return (m.convertEmptyValues ? 1 : 0) | (m.removeUndefinedValues ? 2 : 0) | (m.allowImpreciseNumbers ? 4 : 0) |
      (u.wrapNumbers === true ? 8 : 0) | (m.convertClassInstanceToMap ? 16 : 0);
  }

  packages['@aws-sdk/util-dynamodb'] = () => ({
    NumberValue,
    marshall: (data, options) => native.marshall(data, docFlags({ marshallOptions: options })),
    unmarshall: (data, options) => native.unmarshall(data, docFlags({ unmarshallOptions: options })),
    convertToAttr: (data, options) => native.convertToAttr(data, docFlags({ marshallOptions: options })),
    convertToNative: (data, options) => native.convertToNative(data, docFlags({ unmarshallOptions: options })),
  });

  packages['@aws-sdk/lib-dynamodb'] = (load) => {
    const ddb = load('@aws-sdk/client-dynamodb');
    const exports = { NumberValue };
    const DocClient = class DynamoDBDocumentClient {
      constructor(client, translateConfig) {
        this.config = Object.assign({}, client && client.config, { translateConfig });
        this.middlewareStack = middlewareStack();
        this.__flags = docFlags(translateConfig);
      }
      static from(client, translateConfig) { return new DocClient(client, translateConfig); }
      send(command, a, b) { return send(this, command, a, b); }
      destroy() {}
    };
    const Doc = class DynamoDBDocument extends DocClient {
      static from(client, translateConfig) { return new Doc(client, translateConfig); }
    };
    exports.DynamoDBDocumentClient = DocClient;
    exports.DynamoDBDocument = Doc;
    const ops = { Put: 'PutItem', Get: 'GetItem', Update: 'UpdateItem', Delete: 'DeleteItem', Query: 'Query', Scan: 'Scan',
      BatchGet: 'BatchGetItem', BatchWrite: 'BatchWriteItem', TransactWrite: 'TransactWriteItems', TransactGet: 'TransactGetItems' };
    for (const short of Object.keys(ops)) {
      const op = ops[short];
      const name = short + 'Command';
      const C = named(name, (n) => ({ [n]: class extends Command {
        __send(client) { return call('dynamodb', op, this.input, 1, (client && client.__flags) | 0); }
      } })[n]);
      exports[name] = C;
      Doc.prototype[lcfirst(short)] = function (input, a, b) { return this.send(new C(input), a, b); };
    }
    exports.paginateQuery = paginator([DocClient], exports.QueryCommand, { inputToken: 'ExclusiveStartKey', outputToken: 'LastEvaluatedKey', pageSize: 'Limit' });
    exports.paginateScan = paginator([DocClient], exports.ScanCommand, { inputToken: 'ExclusiveStartKey', outputToken: 'LastEvaluatedKey', pageSize: 'Limit' });
    return exports;
  };

  const loaded = {};
  function load(id) {
    if (!loaded[id]) loaded[id] = packages[id](load);
    return loaded[id];
  }
  return { load, makeError };
})
