"""boto3 and botocore in lambdatutor's sandbox.

The real Lambda Python runtime ships boto3, the AWS SDK for Python. Here
the clients it makes call the tutor's in-process AWS services (the
function's lambdatutor.yaml declares them) through the bootstrap's channel:
_call(service, operation, params) is given by the bootstrap. What a handler
sees follows boto3's documented behaviour: the snake_case methods, the
PascalCase parameters, the responses with ResponseMetadata, ClientError and
client.exceptions, the DynamoDB Table resource with Python types and
boto3.dynamodb.conditions, StreamingBody, paginators.

  https://boto3.amazonaws.com/v1/documentation/api/latest/guide/error-handling.html
  https://boto3.amazonaws.com/v1/documentation/api/latest/guide/dynamodb.html
  https://boto3.amazonaws.com/v1/documentation/api/latest/reference/customizations/dynamodb.html
"""

import io
import re
from collections.abc import Mapping, Set
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow

__version__ = "1.34.0"  # the boto3 of the python3.12 runtime; botocore's below
BOTOCORE_VERSION = "1.34.0"

OFFLINE = "lambdatutor runs your handler offline, in-process"

# --- botocore.exceptions ------------------------------------------------------


class BotoCoreError(Exception):
    fmt = "An unspecified error occurred"

    def __init__(self, **kwargs):
        msg = self.fmt.format(**kwargs)
        Exception.__init__(self, msg)
        self.kwargs = kwargs


class NoCredentialsError(BotoCoreError):
    fmt = "Unable to locate credentials"


class NoRegionError(BotoCoreError):
    fmt = "You must specify a region."


class ParamValidationError(BotoCoreError):
    fmt = "Parameter validation failed:\n{report}"


class UnknownServiceError(BotoCoreError):
    fmt = "Unknown service: '{service_name}'. Valid service names are: {known_service_names}"


class OperationNotPageableError(BotoCoreError):
    fmt = "Operation cannot be paginated: {operation_name}"


class ClientError(Exception):
    MSG_TEMPLATE = ("An error occurred ({error_code}) when calling the {operation_name} "
                    "operation{retry_info}: {error_message}")

    def __init__(self, error_response, operation_name):
        error = error_response.get("Error", {})
        msg = self.MSG_TEMPLATE.format(
            error_code=error.get("Code", "Unknown"),
            error_message=error.get("Message", "Unknown"),
            operation_name=operation_name,
            retry_info="")
        super().__init__(msg)
        self.response = error_response
        self.operation_name = operation_name


# --- boto3.exceptions ---------------------------------------------------------


class Boto3Error(Exception):
    pass


class ResourceNotExistsError(Boto3Error, BotoCoreError):
    def __init__(self, service_name, available_services, has_low_level_client):
        msg = ("The '%s' resource does not exist.\nThe available resources are:\n   - %s\n"
               % (service_name, "\n   - ".join(available_services)))
        if has_low_level_client:
            msg += ("\nConsider using a boto3.client('%s') instead of a resource for '%s'"
                    % (service_name, service_name))
        Boto3Error.__init__(self, msg)


class DynamoDBOperationNotSupportedError(Boto3Error):
    def __init__(self, operation, value):
        msg = ("%s operation cannot be applied to value %s of type %s directly. "
               "Must use AttributeBase object methods (i.e. Attr().eq()). to "
               "generate ConditionBase instances first." % (operation, value, type(value)))
        Exception.__init__(self, msg)


DynanmoDBOperationNotSupportedError = DynamoDBOperationNotSupportedError


class DynamoDBNeedsConditionError(Boto3Error):
    def __init__(self, value):
        msg = ("Expecting a ConditionBase object. Got %s of type %s. Use AttributeBase "
               "object methods (i.e. Attr().eq()). to generate ConditionBase instances."
               % (value, type(value)))
        Exception.__init__(self, msg)


class DynamoDBNeedsKeyConditionError(Boto3Error):
    pass


# --- botocore.response.StreamingBody -----------------------------------------


class StreamingBody(io.IOBase):
    """The body of a response (S3 GetObject's Body, Lambda Invoke's Payload):
    read it once, whole or in parts."""

    _DEFAULT_CHUNK_SIZE = 1024

    def __init__(self, raw_stream, content_length):
        self._raw_stream = raw_stream
        self._content_length = content_length
        self._amount_read = 0

    def readable(self):
        return not self._raw_stream.closed

    def read(self, amt=None):
        chunk = self._raw_stream.read(amt)
        self._amount_read += len(chunk)
        return chunk

    def readlines(self):
        return self._raw_stream.readlines()

    def __iter__(self):
        return self.iter_chunks(self._DEFAULT_CHUNK_SIZE)

    def __next__(self):
        current_chunk = self.read(self._DEFAULT_CHUNK_SIZE)
        if current_chunk:
            return current_chunk
        raise StopIteration()

    next = __next__

    def iter_lines(self, chunk_size=_DEFAULT_CHUNK_SIZE, keepends=False):
        pending = b""
        for chunk in self.iter_chunks(chunk_size):
            lines = (pending + chunk).splitlines(True)
            for line in lines[:-1]:
                yield line.splitlines(keepends)[0]
            pending = lines[-1]
        if pending:
            yield pending.splitlines(keepends)[0]

    def iter_chunks(self, chunk_size=_DEFAULT_CHUNK_SIZE):
        while True:
            current_chunk = self.read(chunk_size)
            if current_chunk == b"":
                break
            yield current_chunk

    def tell(self):
        return self._raw_stream.tell()

    def close(self):
        self._raw_stream.close()

    def set_socket_timeout(self, timeout):
        pass


def _streaming(data):
    data = data or b""
    return StreamingBody(io.BytesIO(data), len(data))


# --- botocore.config ------------------------------------------------------------


class Config:
    """Accepted and kept; the sandbox has no network to tune."""

    def __init__(self, *args, **kwargs):
        self._user_provided_options = dict(kwargs)
        for k, v in kwargs.items():
            setattr(self, k, v)

    def merge(self, other_config):
        c = Config(**self._user_provided_options)
        c._user_provided_options.update(other_config._user_provided_options)
        return c


# --- boto3.dynamodb.types -------------------------------------------------------

STRING, NUMBER, BINARY = "S", "N", "B"
STRING_SET, NUMBER_SET, BINARY_SET = "SS", "NS", "BS"
NULL, BOOLEAN, MAP, LIST = "NULL", "BOOL", "M", "L"

DYNAMODB_CONTEXT = Context(Emin=-128, Emax=126, prec=38,
                           traps=[Clamped, Overflow, Inexact, Rounded, Underflow])

BINARY_TYPES = (bytearray, bytes)
_BIG = 10 ** 38  # ints below it have at most 38 digits: exact in DYNAMODB_CONTEXT


class Binary:
    """A DynamoDB binary value (B); boto3 reads B values as Binary."""

    def __init__(self, value):
        if not isinstance(value, BINARY_TYPES):
            types = ", ".join([str(t) for t in BINARY_TYPES])
            raise TypeError(f"Value must be of the following types: {types}")
        self.value = value

    def __eq__(self, other):
        if isinstance(other, Binary):
            return self.value == other.value
        return self.value == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return f"Binary({self.value!r})"

    def __str__(self):
        return self.value

    def __bytes__(self):
        return self.value

    def __hash__(self):
        return hash(self.value)


class TypeSerializer:
    """Python values to DynamoDB AttributeValues, as boto3's TypeSerializer:
    int and Decimal are numbers, float is refused."""

    def serialize(self, value):
        t = type(value)
        if t is str:
            return {"S": value}
        if t is int and -_BIG < value < _BIG:
            return {"N": str(value)}  # what the Decimal context makes of it
        dynamodb_type = self._get_dynamodb_type(value)
        serializer = getattr(self, f"_serialize_{dynamodb_type}".lower())
        return {dynamodb_type: serializer(value)}

    def _get_dynamodb_type(self, value):
        if value is None:
            return NULL
        if isinstance(value, bool):
            return BOOLEAN
        if self._is_number(value):
            return NUMBER
        if isinstance(value, str):
            return STRING
        if self._is_binary(value):
            return BINARY
        if self._is_type_set(value, self._is_number):
            return NUMBER_SET
        if self._is_type_set(value, self._is_string):
            return STRING_SET
        if self._is_type_set(value, self._is_binary):
            return BINARY_SET
        if isinstance(value, Mapping):
            return MAP
        if isinstance(value, (list, tuple)):
            return LIST
        raise TypeError(f'Unsupported type "{type(value)}" for value "{value}"')

    def _is_number(self, value):
        if isinstance(value, (int, Decimal)):
            return True
        if isinstance(value, float):
            raise TypeError("Float types are not supported. Use Decimal types instead.")
        return False

    def _is_string(self, value):
        return isinstance(value, str)

    def _is_binary(self, value):
        return isinstance(value, (Binary, bytearray, bytes))

    def _is_type_set(self, value, type_validator):
        if isinstance(value, Set):
            if False not in map(type_validator, value):
                return True
        return False

    def _serialize_null(self, value):
        return True

    def _serialize_bool(self, value):
        return value

    def _serialize_n(self, value):
        number = str(DYNAMODB_CONTEXT.create_decimal(value))
        if number in ["Infinity", "NaN"]:
            raise TypeError("Infinity and NaN not supported")
        return number

    def _serialize_s(self, value):
        return value

    def _serialize_b(self, value):
        if isinstance(value, Binary):
            value = value.value
        return value

    def _serialize_ss(self, value):
        return [self._serialize_s(s) for s in value]

    def _serialize_ns(self, value):
        return [self._serialize_n(n) for n in value]

    def _serialize_bs(self, value):
        return [self._serialize_b(b) for b in value]

    def _serialize_l(self, value):
        return [self.serialize(v) for v in value]

    def _serialize_m(self, value):
        return {k: self.serialize(v) for k, v in value.items()}


class TypeDeserializer:
    """DynamoDB AttributeValues to Python values, as boto3's: N is Decimal,
    B is Binary, sets are sets."""

    def deserialize(self, value):
        if "S" in value:
            return value["S"]
        if "N" in value:
            return DYNAMODB_CONTEXT.create_decimal(value["N"])
        if not value:
            raise TypeError("Value must be a nonempty dictionary whose key is a valid dynamodb type.")
        dynamodb_type = list(value.keys())[0]
        deserializer = getattr(self, f"_deserialize_{dynamodb_type}".lower(), None)
        if deserializer is None:
            raise TypeError(f"Dynamodb type {dynamodb_type} is not supported")
        return deserializer(value[dynamodb_type])

    def _deserialize_null(self, value):
        return None

    def _deserialize_bool(self, value):
        return value

    def _deserialize_n(self, value):
        return DYNAMODB_CONTEXT.create_decimal(value)

    def _deserialize_s(self, value):
        return value

    def _deserialize_b(self, value):
        return Binary(value)

    def _deserialize_ns(self, value):
        return set(map(self._deserialize_n, value))

    def _deserialize_ss(self, value):
        return set(map(self._deserialize_s, value))

    def _deserialize_bs(self, value):
        return set(map(self._deserialize_b, value))

    def _deserialize_l(self, value):
        return [self.deserialize(v) for v in value]

    def _deserialize_m(self, value):
        return {k: self.deserialize(v) for k, v in value.items()}


# --- boto3.dynamodb.conditions -------------------------------------------------

ATTR_NAME_REGEX = re.compile(r"[^.\[\]]+(?![^\[]*\])")


class ConditionBase:
    expression_format = ""
    expression_operator = ""
    has_grouped_values = False

    def __init__(self, *values):
        self._values = values

    def __and__(self, other):
        if not isinstance(other, ConditionBase):
            raise DynamoDBOperationNotSupportedError("AND", other)
        return And(self, other)

    def __or__(self, other):
        if not isinstance(other, ConditionBase):
            raise DynamoDBOperationNotSupportedError("OR", other)
        return Or(self, other)

    def __invert__(self):
        return Not(self)

    def get_expression(self):
        return {"format": self.expression_format, "operator": self.expression_operator,
                "values": self._values}

    def __eq__(self, other):
        if isinstance(other, type(self)):
            if self._values == other._values:
                return True
        return False

    def __ne__(self, other):
        return not self.__eq__(other)


class AttributeBase:
    def __init__(self, name):
        self.name = name

    def __and__(self, value):
        raise DynamoDBOperationNotSupportedError("AND", self)

    def __or__(self, value):
        raise DynamoDBOperationNotSupportedError("OR", self)

    def __invert__(self):
        raise DynamoDBOperationNotSupportedError("NOT", self)

    def eq(self, value):
        return Equals(self, value)

    def lt(self, value):
        return LessThan(self, value)

    def lte(self, value):
        return LessThanEquals(self, value)

    def gt(self, value):
        return GreaterThan(self, value)

    def gte(self, value):
        return GreaterThanEquals(self, value)

    def begins_with(self, value):
        return BeginsWith(self, value)

    def between(self, low_value, high_value):
        return Between(self, low_value, high_value)

    def __eq__(self, other):
        return isinstance(other, type(self)) and self.name == other.name

    def __ne__(self, other):
        return not self.__eq__(other)


class ConditionAttributeBase(ConditionBase, AttributeBase):
    def __init__(self, *values):
        ConditionBase.__init__(self, *values)
        AttributeBase.__init__(self, values[0].name)

    def __eq__(self, other):
        return ConditionBase.__eq__(self, other) and AttributeBase.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)


class ComparisonCondition(ConditionBase):
    expression_format = "{0} {operator} {1}"


class Equals(ComparisonCondition):
    expression_operator = "="


class NotEquals(ComparisonCondition):
    expression_operator = "<>"


class LessThan(ComparisonCondition):
    expression_operator = "<"


class LessThanEquals(ComparisonCondition):
    expression_operator = "<="


class GreaterThan(ComparisonCondition):
    expression_operator = ">"


class GreaterThanEquals(ComparisonCondition):
    expression_operator = ">="


class In(ComparisonCondition):
    expression_operator = "IN"
    has_grouped_values = True


class Between(ConditionBase):
    expression_operator = "BETWEEN"
    expression_format = "{0} {operator} {1} AND {2}"


class BeginsWith(ConditionBase):
    expression_operator = "begins_with"
    expression_format = "{operator}({0}, {1})"


class Contains(ConditionBase):
    expression_operator = "contains"
    expression_format = "{operator}({0}, {1})"


class Size(ConditionAttributeBase):
    expression_operator = "size"
    expression_format = "{operator}({0})"


class AttributeType(ConditionBase):
    expression_operator = "attribute_type"
    expression_format = "{operator}({0}, {1})"


class AttributeExists(ConditionBase):
    expression_operator = "attribute_exists"
    expression_format = "{operator}({0})"


class AttributeNotExists(ConditionBase):
    expression_operator = "attribute_not_exists"
    expression_format = "{operator}({0})"


class And(ConditionBase):
    expression_operator = "AND"
    expression_format = "({0} {operator} {1})"


class Or(ConditionBase):
    expression_operator = "OR"
    expression_format = "({0} {operator} {1})"


class Not(ConditionBase):
    expression_operator = "NOT"
    expression_format = "({operator} {0})"


class Key(AttributeBase):
    pass


class Attr(AttributeBase):
    def ne(self, value):
        return NotEquals(self, value)

    def is_in(self, value):
        return In(self, value)

    def exists(self):
        return AttributeExists(self)

    def not_exists(self):
        return AttributeNotExists(self)

    def contains(self, value):
        return Contains(self, value)

    def size(self):
        return Size(self)

    def attribute_type(self, value):
        return AttributeType(self, value)


class BuiltConditionExpression:
    def __init__(self, condition_expression, attribute_name_placeholders, attribute_value_placeholders):
        self.condition_expression = condition_expression
        self.attribute_name_placeholders = attribute_name_placeholders
        self.attribute_value_placeholders = attribute_value_placeholders


class ConditionExpressionBuilder:
    """Builds expressions with #n0, #n1... and :v0, :v1... placeholders,
    numbered across one request, as boto3 does."""

    def __init__(self):
        self._name_count = 0
        self._value_count = 0

    def reset(self):
        self._name_count = 0
        self._value_count = 0

    def build_expression(self, condition, is_key_condition=False):
        if not isinstance(condition, ConditionBase):
            raise DynamoDBNeedsConditionError(condition)
        names, values = {}, {}
        expr = self._build_expression(condition, names, values, is_key_condition)
        return BuiltConditionExpression(expr, names, values)

    def _build_expression(self, condition, names, values, is_key_condition):
        expression_dict = condition.get_expression()
        replaced = [self._build_expression_component(v, names, values, condition.has_grouped_values, is_key_condition)
                    for v in expression_dict["values"]]
        return expression_dict["format"].format(*replaced, operator=expression_dict["operator"])

    def _build_expression_component(self, value, names, values, has_grouped_values, is_key_condition):
        if isinstance(value, ConditionBase):
            return self._build_expression(value, names, values, is_key_condition)
        if isinstance(value, AttributeBase):
            if is_key_condition and not isinstance(value, Key):
                raise DynamoDBNeedsKeyConditionError(
                    f"Attribute object {value.name} is of type {type(value)}. "
                    f"KeyConditionExpression only supports Attribute objects of type Key")
            return self._build_name_placeholder(value, names)
        return self._build_value_placeholder(value, values, has_grouped_values)

    def _build_name_placeholder(self, value, names):
        parts = ATTR_NAME_REGEX.findall(value.name)
        placeholder_format = ATTR_NAME_REGEX.sub("%s", value.name)
        args = []
        for part in parts:
            placeholder = "#n" + str(self._name_count)
            self._name_count += 1
            args.append(placeholder)
            names[placeholder] = part
        return placeholder_format % tuple(args)

    def _build_value_placeholder(self, value, values, has_grouped_values=False):
        if has_grouped_values:
            placeholders = []
            for v in value:
                placeholder = ":v" + str(self._value_count)
                self._value_count += 1
                placeholders.append(placeholder)
                values[placeholder] = v
            return "(" + ", ".join(placeholders) + ")"
        placeholder = ":v" + str(self._value_count)
        self._value_count += 1
        values[placeholder] = value
        return placeholder


# --- the services ------------------------------------------------------------------

# For each service boto3.client() knows here: the client's class name, the
# operations the tutor's service runs, and the modelled errors
# (client.exceptions.X) as {exception name: error code} where they differ.
# Only the modelled errors get a class of their own: an uncaught one is
# reported by the Lambda runtime under its class name (errorType
# "NoSuchKey"); any other code, such as S3's AccessDenied, is a plain
# ClientError (errorType "ClientError"), as botocore's
# client.exceptions.from_code answers. S3's model has no AccessDenied
# in the botocore this shim follows (1.34, above): wri/gfw-data-api#492
# (2024) "s3_client.exceptions doesn't have AccessDenied", and
# aws-samples/aws-rds-snapshot-management#6 shows errorType "ClientError".
# botocore added an S3 AccessDenied shape much later, with the
# UpdateObjectEncryption operation (botocore 1.43 has it).
_SERVICES = {
    "dynamodb": ("DynamoDB", [
        "PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
        "BatchWriteItem", "TransactWriteItems", "DescribeTable", "ListTables"], [
        "ConditionalCheckFailedException", "ResourceNotFoundException", "TransactionCanceledException",
        "TransactionConflictException", "ProvisionedThroughputExceededException",
        "ItemCollectionSizeLimitExceededException", "RequestLimitExceeded", "InternalServerError",
        "ThrottlingException", "LimitExceededException", "ResourceInUseException",
        "TableNotFoundException", "IdempotentParameterMismatchException"]),
    "s3": ("S3", [
        "CreateBucket", "HeadBucket", "ListBuckets", "DeleteBucket", "PutObject", "GetObject",
        "HeadObject", "DeleteObject", "DeleteObjects", "CopyObject", "ListObjectsV2"], [
        "NoSuchKey", "NoSuchBucket", "BucketAlreadyExists", "BucketAlreadyOwnedByYou",
        "InvalidObjectState", "NoSuchUpload", "ObjectAlreadyInActiveTierError",
        "ObjectNotInActiveTierError", "InvalidRequest"]),
    "sqs": ("SQS", [
        "CreateQueue", "GetQueueUrl", "ListQueues", "GetQueueAttributes", "PurgeQueue", "DeleteQueue",
        "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
        "ChangeMessageVisibility", "ChangeMessageVisibilityBatch"], [
        ("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"),
        ("QueueNameExists", "QueueAlreadyExists"),
        ("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
        ("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"),
        ("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
        ("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"),
        ("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"),
        ("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress"),
        ("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation"),
        "ReceiptHandleIsInvalid", "MessageNotInflight", "OverLimit", "InvalidMessageContents",
        "InvalidAttributeName", "InvalidAttributeValue", "InvalidIdFormat", "QueueDeletedRecently",
        "RequestThrottled", "InvalidAddress", "InvalidSecurity", "ResourceNotFoundException"]),
    "sns": ("SNS", [
        "CreateTopic", "ListTopics", "Subscribe", "Unsubscribe", "ListSubscriptionsByTopic", "Publish"], [
        ("NotFoundException", "NotFound"), ("InvalidParameterException", "InvalidParameter"),
        ("InvalidParameterValueException", "ParameterValueInvalid"),
        ("AuthorizationErrorException", "AuthorizationError"), ("InternalErrorException", "InternalError"),
        ("ThrottledException", "Throttled"), ("TopicLimitExceededException", "TopicLimitExceeded"),
        ("ResourceNotFoundException", "ResourceNotFound"), "ValidationException"]),
    "events": ("EventBridge", ["PutRule", "PutTargets", "ListRules", "PutEvents"], [
        "ResourceNotFoundException", "InternalException", "InvalidEventPatternException",
        "LimitExceededException", "ConcurrentModificationException", "ManagedRuleException",
        "AccessDeniedException", "ThrottlingException"]),
    "secretsmanager": ("SecretsManager", [
        "CreateSecret", "GetSecretValue", "PutSecretValue", "DescribeSecret", "ListSecrets"], [
        "ResourceNotFoundException", "DecryptionFailure", "InvalidParameterException",
        "InvalidRequestException", "InternalServiceError", "ResourceExistsException",
        "LimitExceededException", "InvalidNextTokenException", "EncryptionFailure"]),
    "ssm": ("SSM", [
        "PutParameter", "GetParameter", "GetParameters", "GetParametersByPath", "DeleteParameter"], [
        "ParameterNotFound", "ParameterVersionNotFound", "ParameterAlreadyExists", "InvalidKeyId",
        "InternalServerError", "InvalidFilterKey", "InvalidNextToken", "ParameterLimitExceeded",
        "TooManyUpdates", "ValidationException", "AccessDeniedException"]),
    "lambda": ("Lambda", ["Invoke"], [
        "ResourceNotFoundException", "TooManyRequestsException", "InvalidRequestContentException",
        "RequestTooLargeException", "ServiceException", "InvalidParameterValueException",
        "ResourceConflictException", "RecursiveInvocationException", "UnsupportedMediaTypeException",
        "InvalidRuntimeException", "ResourceNotReadyException"]),
}

_RESOURCES = ("dynamodb", "s3")


def _snake(op):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", op).lower().replace("_v2", "_v2")


_OPS = {svc: {_snake(op): op for op in ops} for svc, (_, ops, _) in _SERVICES.items()}
_OPS["s3"]["list_objects_v2"] = "ListObjectsV2"


def _unknown_service(name):
    known = ", ".join(sorted(_SERVICES))
    return UnknownServiceError(
        service_name=name,
        known_service_names=known + " (%s: its AWS services are these; '%s' is not one of them)" % (OFFLINE, name))


class ClientExceptions:
    def __init__(self, service, client_name, errors):
        self._code_to_exception = {}
        self._service = service
        for e in errors:
            name, code = (e, e) if isinstance(e, str) else e
            cls = type(name, (ClientError,), {"__module__": "botocore.errorfactory"})
            setattr(self, name, cls)
            self._code_to_exception[code] = cls
        self.ClientError = ClientError

    def from_code(self, error_code):
        return self._code_to_exception.get(error_code, ClientError)


_EXCEPTIONS = {}


def _exceptions(service):
    e = _EXCEPTIONS.get(service)
    if e is None:
        name, _, errors = _SERVICES[service]
        e = _EXCEPTIONS[service] = ClientExceptions(service, name, errors)
    return e


_HTTP_REASONS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
                 412: "Precondition Failed", 413: "Payload Too Large", 429: "Too Many Requests",
                 500: "Internal Server Error", 503: "Service Unavailable"}


class _Meta:
    def __init__(self, service, region):
        self.service_model = _ServiceModel(service)
        self.region_name = region
        self.endpoint_url = "https://%s.%s.amazonaws.com" % (service, region)
        self.partition = "aws"
        self.config = Config()


class _ServiceModel:
    def __init__(self, service):
        self.service_name = service
        self.service_id = _SERVICES[service][0]
        self.operation_names = sorted(_SERVICES[service][1])


def _region(kwargs):
    import os
    return kwargs.get("region_name") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


class BaseClient:
    """A boto3 client: one method per operation, keyword arguments only."""

    _doc = False  # the DynamoDB resource's client: Python types in and out

    def __init__(self, service, region):
        self._service = service
        self.meta = _Meta(service, region)
        self.exceptions = _exceptions(service)

    def __getattr__(self, name):
        op = _OPS[self._service].get(name)
        if op is None:
            raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

        def _api_call(*args, **kwargs):
            if args:
                raise TypeError(f"{name}() only accepts keyword arguments.")
            return self._make_api_call(op, kwargs)
        _api_call.__name__ = name
        return _api_call

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(_OPS[self._service]))

    def can_paginate(self, operation_name):
        return operation_name in _PAGINATORS.get(self._service, {})

    def get_paginator(self, operation_name):
        spec = _PAGINATORS.get(self._service, {}).get(operation_name)
        if spec is None:
            raise OperationNotPageableError(operation_name=operation_name)
        return Paginator(self, operation_name, spec)

    def close(self):
        pass

    def _make_api_call(self, op, params):
        svc = self._service
        params = dict(params)
        if self._doc:
            _doc_input(op, params)
        elif svc == "s3":
            if "Body" in params:
                params["Body"] = _body_bytes(params["Body"])
        elif svc == "lambda":
            if "Payload" in params:
                params["Payload"] = _body_bytes(params["Payload"])
        elif svc == "sns" and op == "Publish":
            _validate_strings(params, _SNS_PUBLISH_STRINGS)
        ans = _call(svc, op, params)
        rid = ans.get("rid", "")
        err = ans.get("err")
        if err is not None:
            status = err.get("Status") or 400
            code, message = err.get("Code", ""), err.get("Message", "")
            if svc == "s3" and op.startswith("Head"):
                # A HEAD response has no body: botocore has only the status.
                code, message = str(status), _HTTP_REASONS.get(status, "")
            response = {"Error": {"Message": message, "Code": code},
                        "ResponseMetadata": _metadata(svc, rid, status)}
            fields = err.get("Fields")
            if fields:
                if self._doc:
                    _doc_output(fields)
                response.update(fields)
            raise self.exceptions.from_code(code)(response, op)
        out = ans.get("out") or {}
        status = 200
        if self._doc:
            _doc_output(out)
        elif svc == "s3":
            if op == "GetObject":
                out["Body"] = _streaming(out.get("Body"))
            elif op == "DeleteObject":
                status = 204
        elif svc == "lambda":
            status = out.get("StatusCode", 200)
            out["Payload"] = _streaming(out.get("Payload"))
        out["ResponseMetadata"] = _metadata(svc, rid, status)
        return out


def _metadata(service, rid, status):
    headers = {"x-amzn-requestid": rid}
    if service == "s3":
        headers = {"x-amz-request-id": rid}
    return {"RequestId": rid, "HTTPStatusCode": status, "HTTPHeaders": headers, "RetryAttempts": 0}


# The string members of SNS's PublishInput. botocore's ParamValidator
# checks every parameter against the service model before sending, so a
# dict as Message fails on the client, before any request, as in
# "Invalid type for parameter Message, value: b'...', type: <class 'bytes'>,
# valid types: <class 'str'>" (Miserlou/Zappa#1592), botocore/validate.py.
_SNS_PUBLISH_STRINGS = ("TopicArn", "TargetArn", "PhoneNumber", "Message", "Subject", "MessageStructure",
                        "MessageDeduplicationId", "MessageGroupId")


def _validate_strings(params, names):
    report = ["Invalid type for parameter %s, value: %r, type: %s, valid types: <class 'str'>"
              % (k, v, type(v)) for k, v in params.items() if k in names and not isinstance(v, str)]
    if report:
        raise ParamValidationError(report="\n".join(report))


def _body_bytes(body):
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    raise ParamValidationError(report="Invalid type for parameter Body, value: %r, type: %s, valid types: "
                               "<class 'bytes'>, <class 'bytearray'>, file-like object" % (body, type(body)))


# --- the DynamoDB resource's transformations -----------------------------------

_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()
_BUILDER = ConditionExpressionBuilder()


def _doc_input(op, params):
    """What boto3's TransformationInjector does before a call from the
    resource: conditions built into expressions, Python values serialized."""
    if "ConditionExpression" in params or "FilterExpression" in params or "KeyConditionExpression" in params:
        _doc_conditions(params)
    for member in _DOC_MAPS:
        m = params.get(member)
        if m is not None:
            params[member] = _ser(m)
    if op == "BatchWriteItem":
        params["RequestItems"] = {t: [_ser_write(r) for r in reqs] for t, reqs in params.get("RequestItems", {}).items()}
    elif op == "BatchGetItem":
        ri = {}
        for t, spec in params.get("RequestItems", {}).items():
            spec = dict(spec)
            spec["Keys"] = [_ser(key) for key in spec.get("Keys", [])]
            ri[t] = spec
        params["RequestItems"] = ri


_DOC_MAPS = ("Item", "Key", "ExclusiveStartKey", "ExpressionAttributeValues")


def _doc_conditions(params):
    _BUILDER.reset()
    names, values = {}, {}
    for member, key in (("ConditionExpression", False), ("FilterExpression", False), ("KeyConditionExpression", True)):
        cond = params.get(member)
        if isinstance(cond, ConditionBase):
            built = _BUILDER.build_expression(cond, is_key_condition=key)
            params[member] = built.condition_expression
            names.update(built.attribute_name_placeholders)
            values.update(built.attribute_value_placeholders)
    if names:
        params.setdefault("ExpressionAttributeNames", {}).update(names)
    if values:
        params.setdefault("ExpressionAttributeValues", {}).update(values)


def _ser(m):
    ser = _SERIALIZER.serialize
    return {k: {"S": v} if type(v) is str else ser(v) for k, v in m.items()}


def _ser_write(r):
    out = {}
    for kind, member in (("PutRequest", "Item"), ("DeleteRequest", "Key")):
        if kind in r:
            out[kind] = {member: _ser(r[kind][member])}
    return out


def _deser(m):
    d = _DESERIALIZER.deserialize
    return {k: v["S"] if "S" in v else d(v) for k, v in m.items()}


def _doc_output(out):
    if not out:
        return
    for member in ("Item", "Attributes", "LastEvaluatedKey"):
        m = out.get(member)
        if m is not None:
            out[member] = _deser(m)
    if "Items" in out:
        out["Items"] = [_deser(i) for i in out["Items"]]
    if "Responses" in out and isinstance(out["Responses"], dict):
        out["Responses"] = {t: [_deser(i) for i in items] for t, items in out["Responses"].items()}
    if out.get("UnprocessedItems"):
        out["UnprocessedItems"] = {t: [_deser_write(r) for r in reqs] for t, reqs in out["UnprocessedItems"].items()}
    if out.get("UnprocessedKeys"):
        out["UnprocessedKeys"] = {t: dict(spec, Keys=[_deser(k) for k in spec.get("Keys", [])])
                                  for t, spec in out["UnprocessedKeys"].items()}
    for reason in out.get("CancellationReasons") or []:
        if "Item" in reason:
            reason["Item"] = _deser(reason["Item"])


def _deser_write(r):
    out = {}
    for kind, member in (("PutRequest", "Item"), ("DeleteRequest", "Key")):
        if kind in r:
            out[kind] = {member: _deser(r[kind][member])}
    return out


# --- paginators -------------------------------------------------------------------

# operation: (input token, output token, limit key, result keys)
_PAGINATORS = {
    "s3": {"list_objects_v2": ("ContinuationToken", "NextContinuationToken", "MaxKeys", ["Contents", "CommonPrefixes"])},
    "dynamodb": {"query": ("ExclusiveStartKey", "LastEvaluatedKey", "Limit", ["Items", "Count", "ScannedCount"]),
                 "scan": ("ExclusiveStartKey", "LastEvaluatedKey", "Limit", ["Items", "Count", "ScannedCount"])},
    "ssm": {"get_parameters_by_path": ("NextToken", "NextToken", "MaxResults", ["Parameters"])},
    "sqs": {"list_queues": ("NextToken", "NextToken", "MaxResults", ["QueueUrls"])},
}


class Paginator:
    def __init__(self, client, operation_name, spec):
        self._client = client
        self._op = _OPS[client._service][operation_name]
        self._spec = spec

    def paginate(self, **kwargs):
        return PageIterator(self._client, self._op, self._spec, kwargs)


class PageIterator:
    def __init__(self, client, op, spec, kwargs):
        self._client, self._op, self._spec = client, op, spec
        kwargs = dict(kwargs)
        config = kwargs.pop("PaginationConfig", None) or {}
        self._max_items = config.get("MaxItems")
        self._page_size = config.get("PageSize")
        self._starting_token = config.get("StartingToken")
        self._kwargs = kwargs
        self.resume_token = None

    def __iter__(self):
        in_tok, out_tok, limit, results = self._spec
        kwargs = dict(self._kwargs)
        if self._page_size:
            kwargs[limit] = self._page_size
        if self._starting_token:
            kwargs[in_tok] = self._starting_token
        seen = 0
        while True:
            page = self._client._make_api_call(self._op, kwargs)
            token = page.get(out_tok)
            if self._max_items is not None:
                items = page.get(results[0]) or []
                left = self._max_items - seen
                if len(items) >= left:
                    if len(items) > left:
                        page[results[0]] = items[:left]
                    yield page
                    self.resume_token = token
                    return
                seen += len(items)
            yield page
            if not token:
                return
            kwargs[in_tok] = token

    def build_full_result(self):
        _, out_tok, _, results = self._spec
        full = {}
        for page in self:
            for key in results:
                v = page.get(key)
                if v is None:
                    continue
                if isinstance(v, int):
                    full[key] = full.get(key, 0) + v
                else:
                    full.setdefault(key, []).extend(v)
        if self.resume_token:
            full["NextToken"] = self.resume_token
        return full

    def search(self, expression):
        """The JMESPath forms 'Key[]' and 'Key[].Member'."""
        m = re.fullmatch(r"(\w+)\[\](?:\.(\w+))?", expression.strip())
        if m is None:
            raise NotImplementedError(
                "%s: paginator.search() takes 'Key[]' or 'Key[].Member' here, not %r; "
                "iterate over the pages instead" % (OFFLINE, expression))
        key, member = m.group(1), m.group(2)
        for page in self:
            for item in page.get(key) or []:
                yield item.get(member) if member else item


# --- resources ------------------------------------------------------------------------


class _ResourceMeta:
    def __init__(self, client):
        self.client = client
        self.service_name = client._service


class DynamoDBServiceResource:
    def __init__(self, region):
        client = BaseClient("dynamodb", region)
        client._doc = True
        self.meta = _ResourceMeta(client)

    def Table(self, name):
        return Table(name, self.meta.client)

    def batch_get_item(self, **kwargs):
        return self.meta.client.batch_get_item(**kwargs)

    def batch_write_item(self, **kwargs):
        return self.meta.client.batch_write_item(**kwargs)

    def __repr__(self):
        return "dynamodb.ServiceResource()"


class Table:
    """boto3.resource('dynamodb').Table(name): the item operations with
    Python types (Decimal for numbers) and boto3.dynamodb.conditions."""

    def __init__(self, name, client):
        self.name = name
        self.meta = _ResourceMeta(client)
        self._client = client

    @property
    def table_name(self):
        return self.name

    def _call(self, op, kwargs):
        kwargs["TableName"] = self.name
        return self._client._make_api_call(op, kwargs)

    def put_item(self, **kwargs):
        return self._call("PutItem", kwargs)

    def get_item(self, **kwargs):
        return self._call("GetItem", kwargs)

    def update_item(self, **kwargs):
        return self._call("UpdateItem", kwargs)

    def delete_item(self, **kwargs):
        return self._call("DeleteItem", kwargs)

    def query(self, **kwargs):
        return self._call("Query", kwargs)

    def scan(self, **kwargs):
        return self._call("Scan", kwargs)

    def batch_writer(self, overwrite_by_pkeys=None):
        return BatchWriter(self.name, self.meta.client, overwrite_by_pkeys=overwrite_by_pkeys)

    def _describe(self):
        return self.meta.client._make_api_call("DescribeTable", {"TableName": self.name})["Table"]

    def load(self):
        self._describe()

    reload = load

    @property
    def key_schema(self):
        return self._describe().get("KeySchema")

    @property
    def item_count(self):
        return self._describe().get("ItemCount")

    @property
    def table_status(self):
        return self._describe().get("TableStatus")

    @property
    def table_arn(self):
        return self._describe().get("TableArn")

    def __eq__(self, other):
        return isinstance(other, Table) and other.name == self.name

    def __hash__(self):
        return hash(("Table", self.name))

    def __repr__(self):
        return "dynamodb.Table(name=%r)" % self.name


class BatchWriter:
    """Table.batch_writer(): puts and deletes buffered and sent 25 at a
    time with BatchWriteItem; unprocessed items are sent again."""

    def __init__(self, table_name, client, flush_amount=25, overwrite_by_pkeys=None):
        self._table_name = table_name
        self._client = client
        self._items_buffer = []
        self._flush_amount = flush_amount
        self._overwrite_by_pkeys = overwrite_by_pkeys

    def put_item(self, Item):
        self._add_request_and_process({"PutRequest": {"Item": Item}})

    def delete_item(self, Key):
        self._add_request_and_process({"DeleteRequest": {"Key": Key}})

    def _add_request_and_process(self, request):
        if self._overwrite_by_pkeys:
            self._remove_dup_pkeys_request_if_any(request)
        self._items_buffer.append(request)
        if len(self._items_buffer) >= self._flush_amount:
            self._flush()

    def _remove_dup_pkeys_request_if_any(self, request):
        new = self._extract_pkey_values(request)
        for item in self._items_buffer:
            if self._extract_pkey_values(item) == new:
                self._items_buffer.remove(item)
                break

    def _extract_pkey_values(self, request):
        if "PutRequest" in request:
            return [request["PutRequest"]["Item"][k] for k in self._overwrite_by_pkeys]
        return [request["DeleteRequest"]["Key"][k] for k in self._overwrite_by_pkeys]

    def _flush(self):
        items_to_send = self._items_buffer[:self._flush_amount]
        self._items_buffer = self._items_buffer[self._flush_amount:]
        response = self._client.batch_write_item(RequestItems={self._table_name: items_to_send})
        unprocessed = response.get("UnprocessedItems") or {}
        self._items_buffer.extend(unprocessed.get(self._table_name, []))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        while self._items_buffer:
            self._flush()


class S3ServiceResource:
    def __init__(self, region):
        self.meta = _ResourceMeta(BaseClient("s3", region))

    def Bucket(self, name):
        return Bucket(name, self.meta.client)

    def Object(self, bucket_name, key):
        return Object(bucket_name, key, self.meta.client)

    def __repr__(self):
        return "s3.ServiceResource()"


class Bucket:
    def __init__(self, name, client):
        self.name = name
        self.meta = _ResourceMeta(client)
        self.objects = _ObjectCollection(self)

    def Object(self, key):
        return Object(self.name, key, self.meta.client)

    def put_object(self, **kwargs):
        kwargs["Bucket"] = self.name
        self.meta.client.put_object(**kwargs)
        return Object(self.name, kwargs["Key"], self.meta.client)

    def upload_fileobj(self, Fileobj, Key, ExtraArgs=None, **kwargs):
        self.meta.client.put_object(Bucket=self.name, Key=Key, Body=Fileobj, **(ExtraArgs or {}))

    def __repr__(self):
        return "s3.Bucket(name=%r)" % self.name


class _ObjectCollection:
    def __init__(self, bucket, params=None):
        self._bucket = bucket
        self._params = params or {}

    def filter(self, **kwargs):
        return _ObjectCollection(self._bucket, dict(self._params, **kwargs))

    def all(self):
        return _ObjectCollection(self._bucket, self._params)

    def __iter__(self):
        client = self._bucket.meta.client
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self._bucket.name, **self._params)
        for page in pages:
            for c in page.get("Contents") or []:
                yield ObjectSummary(self._bucket.name, c)


class ObjectSummary:
    def __init__(self, bucket_name, content):
        self.bucket_name = bucket_name
        self.key = content["Key"]
        self.size = content.get("Size")
        self.e_tag = content.get("ETag")
        self.last_modified = content.get("LastModified")
        self.storage_class = content.get("StorageClass")

    def __repr__(self):
        return "s3.ObjectSummary(bucket_name=%r, key=%r)" % (self.bucket_name, self.key)


class Object:
    def __init__(self, bucket_name, key, client):
        self.bucket_name, self.key = bucket_name, key
        self.meta = _ResourceMeta(client)

    def get(self, **kwargs):
        return self.meta.client.get_object(Bucket=self.bucket_name, Key=self.key, **kwargs)

    def put(self, **kwargs):
        return self.meta.client.put_object(Bucket=self.bucket_name, Key=self.key, **kwargs)

    def delete(self, **kwargs):
        return self.meta.client.delete_object(Bucket=self.bucket_name, Key=self.key, **kwargs)

    def __repr__(self):
        return "s3.Object(bucket_name=%r, key=%r)" % (self.bucket_name, self.key)


# --- boto3 ---------------------------------------------------------------------------


def _client_class(service):
    name = _SERVICES[service][0]
    cls = _CLASSES.get(name)
    if cls is None:
        cls = _CLASSES[name] = type(name, (BaseClient,), {"__module__": "botocore.client"})
    return cls


_CLASSES = {}


class Session:
    def __init__(self, aws_access_key_id=None, aws_secret_access_key=None, aws_session_token=None,
                 region_name=None, botocore_session=None, profile_name=None, aws_account_id=None):
        self._region = region_name

    @property
    def region_name(self):
        return _region({"region_name": self._region})

    def get_available_services(self):
        return sorted(_SERVICES)

    def get_available_resources(self):
        return sorted(_RESOURCES)

    def client(self, service_name, region_name=None, **kwargs):
        if service_name not in _SERVICES:
            raise _unknown_service(service_name)
        return _client_class(service_name)(service_name, region_name or self.region_name)

    def resource(self, service_name, region_name=None, **kwargs):
        region = region_name or self.region_name
        if service_name == "dynamodb":
            return DynamoDBServiceResource(region)
        if service_name == "s3":
            return S3ServiceResource(region)
        raise ResourceNotExistsError(service_name, sorted(_RESOURCES), service_name in _SERVICES)


DEFAULT_SESSION = None


def setup_default_session(**kwargs):
    global DEFAULT_SESSION
    DEFAULT_SESSION = Session(**kwargs)


def _get_default_session():
    if DEFAULT_SESSION is None:
        setup_default_session()
    return DEFAULT_SESSION


def client(*args, **kwargs):
    return _get_default_session().client(*args, **kwargs)


def resource(*args, **kwargs):
    return _get_default_session().resource(*args, **kwargs)


# The modules a handler imports, and the names each holds.
MODULES = {
    "boto3": ["__version__", "Session", "client", "resource", "setup_default_session", "DEFAULT_SESSION"],
    "boto3.session": ["Session"],
    "boto3.exceptions": ["Boto3Error", "ResourceNotExistsError", "DynamoDBOperationNotSupportedError",
                         "DynanmoDBOperationNotSupportedError", "DynamoDBNeedsConditionError",
                         "DynamoDBNeedsKeyConditionError"],
    "boto3.dynamodb": [],
    "boto3.dynamodb.conditions": [
        "ConditionBase", "AttributeBase", "ConditionAttributeBase", "ComparisonCondition", "Equals",
        "NotEquals", "LessThan", "LessThanEquals", "GreaterThan", "GreaterThanEquals", "In", "Between",
        "BeginsWith", "Contains", "Size", "AttributeType", "AttributeExists", "AttributeNotExists",
        "And", "Or", "Not", "Key", "Attr", "BuiltConditionExpression", "ConditionExpressionBuilder",
        "ATTR_NAME_REGEX"],
    "boto3.dynamodb.types": ["STRING", "NUMBER", "BINARY", "STRING_SET", "NUMBER_SET", "BINARY_SET",
                             "NULL", "BOOLEAN", "MAP", "LIST", "DYNAMODB_CONTEXT", "BINARY_TYPES",
                             "Binary", "TypeSerializer", "TypeDeserializer"],
    "boto3.dynamodb.table": ["BatchWriter"],
    "botocore": [],
    "botocore.exceptions": ["BotoCoreError", "ClientError", "NoCredentialsError", "NoRegionError",
                            "ParamValidationError", "UnknownServiceError", "OperationNotPageableError"],
    "botocore.response": ["StreamingBody"],
    "botocore.config": ["Config"],
    "botocore.client": ["BaseClient", "Config"],
    "botocore.paginate": ["Paginator", "PageIterator"],
}
PACKAGES = {"boto3", "boto3.dynamodb", "botocore"}

# Each class is shown as boto3 shows it (<class 'boto3.dynamodb.conditions.Attr'>).
for _mod in sorted(MODULES, key=lambda m: (m in ("boto3", "botocore.client"), m)):
    for _name in MODULES[_mod]:
        _obj = globals()[_name]
        if isinstance(_obj, type) and _obj.__module__ == __name__:
            _obj.__module__ = _mod
del _mod, _name, _obj
