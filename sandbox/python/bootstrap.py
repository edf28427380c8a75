"""lambdatutor's Python runtime loop.

It runs inside CPython (compiled to WebAssembly) in one execution
environment and does what AWS's runtime interface client (awslambdaric)
does on Lambda: import the handler once (INIT), then for each request call
it with the event and a context object and send back the result, or the
error in Lambda's shape. Messages travel on a private channel, never on
stdout. The same file runs under a native python3 in the differential
tests (LAMBDATUTOR_CHANNEL names a pipe pair there).
"""

import os
import sys

_CHANNEL_DIR = "/dev/lambdatutor"
_CHANNEL = os.environ.pop("LAMBDATUTOR_CHANNEL", _CHANNEL_DIR + "/channel")
_rfd = _wfd = None  # opened by main(), after the start-up snapshot


def _open_channel():
    global _rfd, _wfd
    if "," in _CHANNEL:
        _rfd, _wfd = (int(x) for x in _CHANNEL.split(","))
    else:
        _rfd = _wfd = os.open(_CHANNEL, os.O_RDWR)

import importlib
import json
import select
import time
from importlib.machinery import ModuleSpec

LESSON = "lambdatutor lessons show python-subset"
OFFLINE = "lambdatutor runs your handler offline, in-process, on CPython compiled to WebAssembly"


def _read_exact(n):
    data = b""
    while len(data) < n:
        chunk = os.read(_rfd, n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _recv():
    head = _read_exact(4)
    if head is None:
        return None
    return _read_exact(int.from_bytes(head, "big"))


def _send(kind, payload):
    data = kind.encode() + payload
    data = len(data).to_bytes(4, "big") + data
    while data:
        data = data[os.write(_wfd, data):]


# --- what the sandbox lacks, said clearly ---------------------------------

def _unavailable(what, instead):
    return "%s: %s, which has no %s. %s (see `%s`)" % (what, OFFLINE, what, instead, LESSON)


def _sleep(secs):
    if not isinstance(secs, (int, float)):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(secs).__name__)
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    # wazero refuses absolute-time waits; a relative wait advances the
    # sandbox's virtual clock.
    select.select([], [], [], secs)


time.sleep = _sleep


def _patch_socket(m):
    msg = _unavailable("network", "Real Lambda functions reach the network; here, return the data you would fetch, or pass it in the event")

    class socket:
        def __init__(self, *args, **kwargs):
            raise OSError(msg)

    def refuse(*args, **kwargs):
        raise OSError(msg)

    m.socket = socket
    m.create_connection = refuse
    m.getaddrinfo = refuse
    m.gethostbyname = refuse
    m.socketpair = refuse


def _patch_urllib_request(m):
    msg = _unavailable("network", "Real Lambda functions reach the network; here, return the data you would fetch, or pass it in the event")

    def urlopen(*args, **kwargs):
        raise m.URLError(msg)

    m.urlopen = urlopen


def _patch_threading(m):
    msg = _unavailable("threads", "Real Lambda runs threads; here, do the work one item after another")

    def start(self):
        raise RuntimeError("can't start new thread: " + msg)

    m.Thread.start = start


def _patch_subprocess(m):
    msg = _unavailable("processes", "Real Lambda can start programs from the deployment package; here, call Python code instead")

    class Popen:
        def __init__(self, *args, **kwargs):
            raise OSError(msg)

    def refuse(*args, **kwargs):
        raise OSError(msg)

    m.Popen = Popen
    for name in ("run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"):
        setattr(m, name, refuse)


def _patch_asyncio(m):
    msg = _unavailable("asyncio event loop", "Real Lambda runs asyncio.run(main()); here, write the handler without async")

    def refuse(*args, **kwargs):
        for a in args:
            if hasattr(a, "close"):
                a.close()
        raise RuntimeError(msg)

    m.run = refuse
    m.new_event_loop = refuse
    m.get_event_loop = refuse


def _patch_zoneinfo(m):
    base = m.ZoneInfo

    class ZoneInfo(base):
        def __new__(cls, key):
            try:
                return base.__new__(cls, key)
            except m.ZoneInfoNotFoundError:
                raise m.ZoneInfoNotFoundError(
                    "No time zone found with key %s: %s, which has no time zone database. "
                    "Real Lambda has one; here, use datetime.timezone.utc or a fixed offset "
                    "such as datetime.timezone(datetime.timedelta(hours=1)) (see `%s`)" % (key, OFFLINE, LESSON)) from None

    m.ZoneInfo = ZoneInfo


_PATCHES = {
    "socket": _patch_socket,
    "urllib.request": _patch_urllib_request,
    "threading": _patch_threading,
    "subprocess": _patch_subprocess,
    "asyncio": _patch_asyncio,
    "zoneinfo": _patch_zoneinfo,
    "logging": lambda m: _setup_logging(m),
}


class _PatchLoader:
    def __init__(self, loader, patch):
        self.loader, self.patch = loader, patch

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.patch(module)


# --- boto3 and botocore: the AWS SDK, calling the in-process services -------

_AWS_SHIM = "/var/runtime/boto3shim.py"
_aws = None  # the shim's namespace, made at the first import of boto3 or botocore
_EPOCH = None


def _aws_default(o):
    if isinstance(o, (bytes, bytearray)):
        import binascii
        return {"__b": binascii.b2a_base64(o, newline=False).decode()}
    if isinstance(o, (set, frozenset)):
        return list(o)
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(o, decimal.Decimal):
        return {"__n": str(o)}
    if hasattr(o, "isoformat"):  # datetime, date: ISO 8601, as botocore sends them
        return o.isoformat()
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def _aws_hook(d):
    if len(d) == 1:
        if "__b" in d:
            import binascii
            return binascii.a2b_base64(d["__b"])
        if "__t" in d:
            return _EPOCH + _timedelta(microseconds=d["__t"])
    return d


def _aws_call(service, op, params):
    """One SDK call: a request frame to the host, which runs it against the
    function's AWS services, and its answer (aws.go): in marshal's format
    ("M"), or JSON, plain ("P") or with tagged bytes and times ("T")."""
    try:
        kind, req = "M", _marshal.dumps((service, op, params))
    except ValueError:  # a Decimal, a datetime...: JSON with tags
        kind, req = "A", _AWS_ENCODER.encode({"s": service, "o": op, "i": params}).encode()
    _send(kind, req)
    data = os.read(_rfd, 65536)  # the answer waits whole: usually one read
    if len(data) < 5:
        raise SystemExit(0)
    n = int.from_bytes(data[:4], "big") + 4
    if len(data) < n:
        rest = _read_exact(n - len(data))
        if rest is None:
            raise SystemExit(0)
        data += rest
    if data[4] == 77:  # "M"
        return _marshal.loads(memoryview(data)[5:])
    if data[4] == 84:  # "T"
        return _AWS_TAGGED.decode(data[5:].decode())
    return _AWS_PLAIN.decode(data[5:].decode())


def _aws_shim():
    global _aws, _EPOCH, _timedelta
    if _aws is None:
        import datetime
        _EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        _timedelta = datetime.timedelta
        global _AWS_ENCODER, _AWS_TAGGED, _AWS_PLAIN, _marshal
        import marshal as _marshal
        _AWS_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_aws_default)
        _AWS_TAGGED = json.JSONDecoder(object_hook=_aws_hook)
        _AWS_PLAIN = json.JSONDecoder()
        ns = {"__name__": "boto3shim", "_call": _aws_call}
        with open(_AWS_SHIM, encoding="utf-8") as f:
            exec(compile(f.read(), _AWS_SHIM, "exec"), ns)
        _aws = ns
    return _aws


class _AWSLoader:
    def __init__(self, name):
        self.name = name

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        ns = _aws_shim()
        if self.name in ns["PACKAGES"]:
            module.__path__ = []
        if self.name == "botocore":
            module.__version__ = ns["BOTOCORE_VERSION"]
        for name in ns["MODULES"][self.name]:
            setattr(module, name, ns[name])
        if self.name == "boto3":
            module.DEFAULT_SESSION = None


class _Finder:
    def find_spec(self, name, path, target=None):
        if _SANDBOXED and name.startswith(("boto3", "botocore")) and name.split(".")[0] in ("boto3", "botocore"):
            if name not in _AWS_MODULES:
                return None
            return ModuleSpec(name, _AWSLoader(name), is_package=name in ("boto3", "boto3.dynamodb", "botocore"))
        patch = _PATCHES.get(name)
        if patch is None or (not _SANDBOXED and name != "logging"):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                spec.loader = _PatchLoader(spec.loader, patch)
                return spec
        return None


_SANDBOXED = sys.platform == "wasi"
_AWS_MODULES = frozenset((
    "boto3", "boto3.session", "boto3.exceptions", "boto3.dynamodb", "boto3.dynamodb.conditions",
    "boto3.dynamodb.types", "boto3.dynamodb.table", "botocore", "botocore.exceptions",
    "botocore.response", "botocore.config", "botocore.client", "botocore.paginate"))
sys.meta_path.insert(0, _Finder())


# --- logging, as awslambdaric sets it up -----------------------------------

_request_id = ""


def _setup_logging(logging):
    """Sets up the root logger as awslambdaric does; run when the handler
    first imports logging (importing it costs time at every cold start)."""

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _request_id
            return True

    class LambdaLoggerHandler(logging.Handler):
        def emit(self, record):
            msg = self.format(record)
            sys.stdout.write(msg)

    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(LambdaLoggerFilter())
    logging.getLogger().addHandler(handler)


# --- the context object -----------------------------------------------------

class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return ("CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])"
                % (self.cognito_identity_id, self.cognito_identity_pool_id))


class LambdaContext(object):
    def __init__(self, invoke_id, epoch_deadline_time_in_ms, invoked_function_arn, tenant_id=None):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = None
        self.identity = CognitoIdentity()
        self.identity.cognito_identity_id = None
        self.identity.cognito_identity_pool_id = None
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        epoch_now_in_ms = int(time.time() * 1000)
        delta_ms = self._epoch_deadline_time_in_ms - epoch_now_in_ms
        return delta_ms if delta_ms > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"aws_request_id={self.aws_request_id},"
            f"log_group_name={self.log_group_name},"
            f"log_stream_name={self.log_stream_name},"
            f"function_name={self.function_name},"
            f"memory_limit_in_mb={self.memory_limit_in_mb},"
            f"function_version={self.function_version},"
            f"invoked_function_arn={self.invoked_function_arn},"
            f"client_context={self.client_context},"
            f"identity={self.identity},"
            f"tenant_id={self.tenant_id}"
            "])"
        )


# --- results and errors in Lambda's shape ----------------------------------

class FaultException(Exception):
    def __init__(self, exception_type, msg, trace=None):
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


class _DecimalStr(float):
    def __init__(self, value):
        self._value = value

    def __repr__(self):
        return str(self._value)


class _Encoder(json.JSONEncoder):
    def __init__(self):
        super().__init__(ensure_ascii=False, allow_nan=True)

    def default(self, obj):
        decimal = sys.modules.get("decimal")
        if decimal is not None and isinstance(obj, decimal.Decimal):
            if obj.is_nan():
                return float("nan")
            return _DecimalStr(obj)
        return super().default(obj)


_ENCODER = None  # made once, after the environment's variables are set


def _to_json(obj):
    try:
        return _ENCODER.encode(obj)
    except MemoryError:
        raise
    except Exception as e:
        raise FaultException("Runtime.MarshalError", "Unable to marshal response: " + str(e), None)


def _make_error(message, etype, trace, invoke_id):
    return {
        "errorMessage": message if message else "",
        "errorType": etype if etype else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": trace if trace is not None else [],
    }


class _StdlibPath:
    """Where the standard library was built, shown as where Lambda keeps it."""
    prefix = "/wlr/build-staging/python/v3.12.0-aio/checkout/Lib/"

    def sub(self, new, path, count):
        return new + path[len(self.prefix):] if path.startswith(self.prefix) else path


_STDLIB_PATH = _StdlibPath()


def _fault_result(exc_info, invoke_id):
    import errno
    import traceback
    etype, value, tb = exc_info
    if isinstance(value, OSError) and value.errno == errno.EIO and os.path.exists(_CHANNEL_DIR + "/tmp-full"):
        # WASI as wazero implements it has no ENOSPC: a write past /tmp's
        # size arrives as EIO. Report it as Lambda does.
        etype, value = OSError, OSError(28, "No space left on device")
    frames = [(_STDLIB_PATH.sub("/var/lang/lib/python3.12/", f.filename, 1), f.lineno, f.name, f.line)
              for f in traceback.extract_tb(tb)]
    for i in range(len(frames)):
        if "/bootstrap.py" not in frames[i][0]:
            frames = frames[i:]
            break
    else:
        frames = []
    return _make_error(str(value), etype.__name__, traceback.format_list(frames), invoke_id)


def _log_error(result):
    description = "[ERROR]"
    if result.get("errorType"):
        description += " " + result["errorType"]
    if result.get("errorMessage"):
        if result.get("errorType"):
            description += ":"
        description += " " + result["errorMessage"]
    lines = [description]
    trace = result.get("stackTrace")
    if trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in trace:
            if element == "":
                lines.append("")
            else:
                lines.extend(element.splitlines())
    sys.stdout.write("\n".join(lines) + "\n")


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                "Runtime.BuiltInModuleConflict",
                "Cannot use built-in module {} as a handler module".format(modname))
        m = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException("Runtime.UserCodeSyntaxError",
                             "Syntax error in module '{}': {}".format(modname, str(e)), trace)
    try:
        return getattr(m, fname)
    except AttributeError:
        fault = FaultException("Runtime.HandlerNotFound",
                               "Handler '{}' missing on module '{}'".format(fname, modname), None)

        def fault_handler(*args, **kwargs):
            raise fault
        return fault_handler


def _init(handler):
    """INIT: import the handler's module. Returns the handler or None."""
    try:
        return _get_handler(handler), None
    except FaultException as e:
        return None, _make_error(e.msg, e.exception_type, e.trace, None)
    except MemoryError:
        return None, "oom"
    except Exception:
        return None, _fault_result(sys.exc_info(), None)


def _invoke(handler, header, body):
    global _request_id
    invoke_id = header["requestId"]
    _request_id = invoke_id
    try:
        try:
            event = json.loads(body)
        except Exception as e:
            raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(str(e)), None)
        context = LambdaContext(invoke_id, header["deadlineMs"], header["arn"], header.get("tenantId"))
        response = handler(event, context)
        return "R", _to_json(response).encode()
    except FaultException as e:
        error = _make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except MemoryError:
        return "M", b""
    except Exception:
        error = _fault_result(sys.exc_info(), invoke_id)
    _log_error(error)
    return "E", _ENCODER.encode(error).encode()


def main():
    _open_channel()
    msg = _recv()  # INIT: {"handler": ..., "env": {...}}
    if msg is None:
        return
    init = json.loads(msg)
    if init.get("env") is not None:
        # The interpreter may have started before it was given to this
        # execution environment: its variables arrive now.
        os.environ.clear()
        os.environ.update(init["env"])
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    os.chdir(os.environ.get("LAMBDA_TASK_ROOT", "/var/task"))
    sys.path.insert(0, os.getcwd())
    sys.argv = ["/var/runtime/bootstrap.py"]
    global _ENCODER
    _ENCODER = _Encoder()
    handler, error = _init(init["handler"])
    _flush()
    if error == "oom":
        _send("M", b"")
        return
    if error is not None:
        _log_error(error)
        _flush()
        _send("E", _ENCODER.encode(error).encode())
        return
    _send("R", b"")
    while True:
        msg = _recv()
        if msg is None:
            return
        head, _, body = msg.partition(b"\n")
        kind, payload = _invoke(handler, json.loads(head), body)
        _flush()
        _send(kind, payload)


def _snapshot():
    """Start-up ends here. When the host asks for it (the "snapshot" entry
    exists), it copies the interpreter's memory while time.time() reads
    the clock: the interpreter holds its lock and no file is open. Later
    interpreters start from that copy and run main() (`python -c main()`)
    without repeating the start-up."""
    if _SANDBOXED and os.path.exists(_CHANNEL_DIR + "/snapshot"):
        time.time()


if _SANDBOXED:
    # The boto3 shim's namespace is made before the snapshot (its source
    # compiled, its classes built; no per-environment state: it reads the
    # environment and the channel only when called), so that a handler's
    # `import boto3` costs little at its cold start. The modules boto3 and
    # botocore are still imported by the handler, through _Finder.
    _aws_shim()
_snapshot()
main()
