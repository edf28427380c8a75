// Node.js built-ins written in JavaScript for the lambdatutor sandbox:
// util.inspect and util.format (as Node prints them), EventEmitter and
// Buffer. Compiled once, run lazily in a VM the first time one is needed.
// `native` carries the few helpers written in Go (text and byte codecs).
(function (native) {
  'use strict';

  const identRE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  const defaults = { depth: 2, breakLength: 80, maxArrayLength: 100, maxStringLength: 10000 };

  function quote(s) {
    // Node picks the quote that needs no escaping: ' then " then `.
    let q = "'";
    if (s.includes("'")) {
      if (!s.includes('"')) q = '"';
      else if (!s.includes('`') && !s.includes('${')) q = '`';
    }
    let out = q;
    for (const ch of s) {
      switch (ch) {
        case "'": out += q === "'" ? "\\'" : "'"; break;
        case '\\': out += '\\\\'; break;
        case '\n': out += '\\n'; break;
        case '\t': out += '\\t'; break;
        case '\r': out += '\\r'; break;
        case '\b': out += '\\b'; break;
        case '\f': out += '\\f'; break;
        case '\v': out += '\\v'; break;
        default: {
          const c = ch.codePointAt(0);
          out += c < 0x20 || c === 0x7f ? '\\x' + c.toString(16).toUpperCase().padStart(2, '0') : ch;
        }
      }
    }
    return out + q;
  }

  function keyString(k) {
    if (typeof k === 'symbol') return '[' + k.toString() + ']';
    return identRE.test(k) ? k : quote(k);
  }

  function fnString(f) {
    const src = Function.prototype.toString.call(f);
    const name = f.name;
    if (/^class[\s{]/.test(src)) return '[class ' + (name || '(anonymous)') + ']';
    const kind = f.constructor && f.constructor.name === 'AsyncFunction' ? 'AsyncFunction'
      : f.constructor && f.constructor.name === 'GeneratorFunction' ? 'GeneratorFunction' : 'Function';
    return '[' + kind + (name ? ': ' + name : ' (anonymous)') + ']';
  }

  function numberString(n) {
    return Object.is(n, -0) ? '-0' : String(n);
  }

  function errorString(e) {
    const stack = typeof e.stack === 'string' && e.stack ? native.nodeStack(e) : '';
    if (stack && !stack.includes('\n    at')) return '[' + stack + ']'; // as Node: no frames, in brackets
    return stack || '[' + Error.prototype.toString.call(e) + ']';
  }

  function ctorName(o) {
    const proto = Object.getPrototypeOf(o);
    if (proto === null) return null;
    const c = proto.constructor;
    return c && typeof c.name === 'string' ? c.name : '';
  }

  // groupArrayElements and reduceToSingleString follow Node's
  // lib/internal/util/inspect.js (compact: 3, breakLength: 80).
  function groupArrayElements(output, value, indentLvl, opts, hasMore) {
    let totalLength = 0, maxLength = 0;
    const outputLength = hasMore ? output.length - 1 : output.length;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (let i = 0; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + indentLvl < opts.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
        Math.floor((opts.breakLength - indentLvl) / actualMax),
        3 * 4,
        15);
      if (columns <= 1) return output;
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') { padStart = false; break; }
        }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = '';
        let j = i;
        for (; j < max - 1; j++) {
          const cell = output[j] + ', ';
          str += padStart ? cell.padStart(maxLineLength[j - i], ' ') : cell.padEnd(maxLineLength[j - i], ' ');
        }
        str += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ') : output[j];
        tmp.push(str);
      }
      if (hasMore) tmp.push(output[outputLength]);
      output = tmp;
    }
    return output;
  }

  function reduce(open, entries, close, indent, opts, prefix, depth, arrayValue, hasMore) {
    const braces0 = prefix + open;
    let output = entries;
    const n = output.length;
    if (arrayValue !== undefined && n > 6) output = groupArrayElements(output, arrayValue, indent.length, opts, hasMore);
    if (opts.currentDepth - depth < 3 && n === output.length) {
      const start = output.length + indent.length + braces0.length + 10;
      let total = output.length + start;
      let fits = total + output.length <= opts.breakLength;
      for (let i = 0; fits && i < output.length; i++) {
        total += output[i].length;
        if (total > opts.breakLength) fits = false;
      }
      if (fits) {
        const joined = output.join(', ');
        if (!joined.includes('\n')) return braces0 + ' ' + joined + ' ' + close;
      }
    }
    const ind = '\n' + indent;
    return braces0 + ind + '  ' + output.join(',' + ind + '  ') + ind + close;
  }

  function formatValue(v, depth, indent, seen, opts, top) {
    switch (typeof v) {
      case 'string':
        if (top) return v;
        return quote(v.length > opts.maxStringLength ? v.slice(0, opts.maxStringLength) : v) +
          (v.length > opts.maxStringLength ? '... ' + (v.length - opts.maxStringLength) + ' more characters' : '');
      case 'number': return numberString(v);
      case 'bigint': return String(v) + 'n';
      case 'boolean': return String(v);
      case 'undefined': return 'undefined';
      case 'symbol': return v.toString();
      case 'function': {
        const keys = Object.keys(v);
        if (keys.length === 0 || depth > opts.depth) return fnString(v);
        return formatObject(v, depth, indent, seen, opts, fnString(v));
      }
    }
    if (v === null) return 'null';
    return formatObject(v, depth, indent, seen, opts, null);
  }

  function formatObject(o, depth, indent, seen, opts, fnLabel) {
    if (seen.includes(o)) {
      seen.circular = true;
      return '[Circular *1]';
    }
    if (o instanceof Error) {
      let stack = errorString(o);
      if (indent.length) stack = stack.split('\n').join('\n' + indent);
      // As Node: own name, message and stack are left out when the
      // stack already shows them; cause and an AggregateError's errors
      // are shown in brackets.
      const keys = Object.keys(o).filter((k) => !((k === 'name' || k === 'message' || k === 'stack') && (typeof o[k] !== 'string' || stack.includes(o[k]))));
      const hidden = [];
      if ('cause' in o && !keys.includes('cause')) hidden.push('cause');
      if (Array.isArray(o.errors) && !keys.includes('errors')) hidden.push('errors');
      if (keys.length + hidden.length === 0 || depth > opts.depth) return stack;
      seen.push(o);
      const entries = keys.map((k) => keyString(k) + ': ' + formatValue(o[k], depth + 1, indent + '  ', seen, opts, false))
        .concat(hidden.map((k) => '[' + k + ']: ' + formatValue(o[k], depth + 1, indent + '  ', seen, opts, false)));
      seen.pop();
      if (!stack.includes('\n')) return reduce('{', entries, '}', indent, opts, stack + ' ', depth);
      return stack + ' {\n' + indent + '  ' + entries.join(',\n' + indent + '  ') + '\n' + indent + '}';
    }
    if (o instanceof Date) return isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (o instanceof RegExp) return o.toString();
    if (o instanceof Promise) return 'Promise { ' + (native.promiseState(o)) + ' }';
    if (o instanceof WeakMap || o instanceof WeakSet) return (ctorName(o) || (o instanceof WeakMap ? 'WeakMap' : 'WeakSet')) + ' { <items unknown> }';
    if (o instanceof String || o instanceof Number || o instanceof Boolean) {
      const kind = o instanceof String ? 'String' : o instanceof Number ? 'Number' : 'Boolean';
      const prim = o.valueOf();
      return '[' + kind + ': ' + (kind === 'String' ? quote(prim) : numberString(prim)) + ']';
    }
    if (typeof native.isBuffer === 'function' && native.isBuffer(o)) {
      const max = 50;
      let hex = [];
      for (let i = 0; i < Math.min(o.length, max); i++) hex.push(o[i].toString(16).padStart(2, '0'));
      return '<Buffer' + (hex.length ? ' ' + hex.join(' ') : '') + (o.length > max ? ' ... ' + (o.length - max) + ' more bytes' : '') + '>';
    }
    const name = ctorName(o);
    const isArray = Array.isArray(o);
    const isMap = o instanceof Map, isSet = o instanceof Set;
    const typed = ArrayBuffer.isView(o) && !(o instanceof DataView);
    if (depth > opts.depth) {
      const empty = Object.keys(o).length === 0 && (isMap || isSet ? o.size === 0 : true);
      if (empty && !fnLabel) {
        if (isArray) return '[]';
        if (isMap || isSet) return (name || (isMap ? 'Map' : 'Set')) + '(0) {}';
        if (name === 'Object') return '{}';
      }
      if (isArray) return '[Array]';
      return '[' + (name === null ? 'Object: null prototype' : name || 'Object') + ']';
    }
    seen.push(o);
    const savedDepth = opts.currentDepth;
    opts.currentDepth = depth;
    const entries = [];
    const inner = indent + '  ';
    let more = false;
    let open = '{', close = '}', prefix = '';
    if (isArray || typed) {
      open = '['; close = ']';
      const n = o.length;
      let holes = 0;
      const shown = Math.min(n, opts.maxArrayLength);
      for (let i = 0; i < shown; i++) {
        if (!(i in o)) { holes++; continue; }
        if (holes) { entries.push('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>'); holes = 0; }
        entries.push(formatValue(o[i], depth + 1, inner, seen, opts, false));
      }
      if (holes) entries.push('<' + holes + ' empty item' + (holes > 1 ? 's' : '') + '>');
      if (n > shown) { entries.push('... ' + (n - shown) + ' more item' + (n - shown > 1 ? 's' : '')); more = true; }
      if (opts.showHidden && isArray) entries.push('[length]: ' + n);
      if (typed) prefix = name + '(' + n + ') ';
      else if (name !== 'Array') prefix = (name === null ? '[Array(' + n + '): null prototype]' : name + '(' + n + ')') + ' ';
    } else if (isMap) {
      prefix = (name || 'Map') + '(' + o.size + ') ' + (name && name !== 'Map' ? '[Map] ' : '');
      for (const [k, val] of o) entries.push(formatValue(k, depth + 1, inner, seen, opts, false) + ' => ' + formatValue(val, depth + 1, inner, seen, opts, false));
    } else if (isSet) {
      prefix = (name || 'Set') + '(' + o.size + ') ' + (name && name !== 'Set' ? '[Set] ' : '');
      for (const val of o) entries.push(formatValue(val, depth + 1, inner, seen, opts, false));
    } else if (fnLabel) {
      prefix = fnLabel + ' ';
    } else if (name === null) {
      prefix = '[Object: null prototype] ';
    } else if (name !== 'Object') {
      prefix = (name || 'Object') + ' ';
    }
    const tag = o[Symbol.toStringTag];
    if (typeof tag === 'string' && tag !== '' && tag !== name && !isMap && !isSet && !isArray && !typed) {
      prefix = (prefix || 'Object ') + '[' + tag + '] ';
    }
    const keys = isArray || typed ? Object.keys(o).filter((k) => !/^\d+$/.test(k)) : Object.keys(o);
    for (const k of keys) {
      let val;
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (d && (d.get || d.set)) {
        val = d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]';
      } else {
        val = formatValue(o[k], depth + 1, inner, seen, opts, false);
      }
      entries.push(keyString(k) + ': ' + val);
    }
    for (const s of Object.getOwnPropertySymbols(o)) {
      if (Object.getOwnPropertyDescriptor(o, s).enumerable) entries.push(keyString(s) + ': ' + formatValue(o[s], depth + 1, inner, seen, opts, false));
    }
    seen.pop();
    if (entries.length === 0) {
      opts.currentDepth = savedDepth;
      if (fnLabel) return fnLabel;
      return prefix + open + close;
    }
    return reduce(open, entries, close, indent, opts, prefix, depth, isArray || typed ? o : undefined, more);
  }

  function inspect(v, options) {
    const opts = Object.assign({}, defaults, typeof options === 'object' && options !== null ? options : {});
    opts.currentDepth = 0;
    if (opts.depth === null) opts.depth = Infinity;
    const seen = [];
    const out = formatValue(v, 0, '', seen, opts, false);
    return seen.circular ? '<ref *1> ' + out : out;
  }
  inspect.custom = Symbol.for('nodejs.util.inspect.custom');

  function formatWithOptions(args) {
    if (args.length === 0) return '';
    const first = args[0];
    let i = 1;
    let out = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let last = 0;
      for (let p = 0; p < first.length - 1; p++) {
        if (first.charCodeAt(p) !== 37) continue; // '%'
        const c = first[p + 1];
        let rep;
        if (c === '%') { out += first.slice(last, p) + '%'; last = p + 2; p++; continue; }
        if (i >= args.length) continue;
        const a = args[i];
        switch (c) {
          case 's':
            rep = typeof a === 'string' ? a : typeof a === 'bigint' ? a + 'n'
              : typeof a === 'number' ? numberString(a)
              : typeof a === 'object' && a !== null ? inspect(a, { depth: 0 }) : String(a);
            break;
          case 'd': case 'i':
            rep = typeof a === 'bigint' ? a + 'n' : typeof a === 'symbol' ? 'NaN'
              : numberString(c === 'i' ? parseInt(a) : Number(a));
            break;
          case 'f': rep = typeof a === 'symbol' ? 'NaN' : numberString(parseFloat(a)); break;
          case 'j':
            try { rep = JSON.stringify(a); } catch (e) { rep = '[Circular]'; }
            break;
          case 'o': rep = inspect(a, { depth: 4, showHidden: true }); break;
          case 'O': rep = inspect(a); break;
          case 'c': rep = ''; break;
          default: continue;
        }
        out += first.slice(last, p) + rep;
        last = p + 2;
        p++;
        i++;
      }
      out += first.slice(last);
    } else {
      out = inspect(first);
    }
    for (; i < args.length; i++) {
      out += ' ' + (typeof args[i] === 'string' ? args[i] : inspect(args[i]));
    }
    return out;
  }
  function format() { return formatWithOptions(Array.prototype.slice.call(arguments)); }

  class EventEmitter {
    constructor() { this._events = Object.create(null); this._max = 10; }
    _list(n) { if (!this._events) this._events = Object.create(null); return this._events[n] || (this._events[n] = []); }
    on(n, f) { this._list(n).push({ f, once: false }); return this; }
    addListener(n, f) { return this.on(n, f); }
    prependListener(n, f) { this._list(n).unshift({ f, once: false }); return this; }
    once(n, f) { this._list(n).push({ f, once: true }); return this; }
    off(n, f) { const l = this._list(n); const i = l.findIndex((e) => e.f === f); if (i >= 0) l.splice(i, 1); return this; }
    removeListener(n, f) { return this.off(n, f); }
    removeAllListeners(n) { if (n === undefined) this._events = Object.create(null); else if (this._events) delete this._events[n]; return this; }
    emit(n, ...args) {
      const l = this._list(n).slice();
      if (l.length === 0) {
        if (n === 'error') { throw args[0] instanceof Error ? args[0] : new Error('Unhandled error. (' + inspect(args[0]) + ')'); }
        return false;
      }
      for (const e of l) {
        if (e.once) this.off(n, e.f);
        e.f.apply(this, args);
      }
      return true;
    }
    listenerCount(n) { return this._list(n).length; }
    listeners(n) { return this._list(n).map((e) => e.f); }
    eventNames() { return Object.keys(this._events || {}).filter((k) => this._events[k].length); }
    setMaxListeners(m) { this._max = m; return this; }
    getMaxListeners() { return this._max; }
  }
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.once = function (em, n) { return new Promise((res) => em.once(n, (...a) => res(a))); };

  // Buffer: a Uint8Array with Node's encodings. Buffer itself is a plain
  // function, as in Node, so that the deprecated `new Buffer(x)` and
  // `Buffer(x)` work (with DEP0005 once); instances are FastBuffers, whose
  // prototype is Buffer.prototype.
  const encodings = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le'];
  function normEnc(e) {
    if (e === undefined || e === null) return 'utf8';
    const l = String(e).toLowerCase();
    if (!encodings.includes(l)) { const err = new TypeError('Unknown encoding: ' + e); err.code = 'ERR_UNKNOWN_ENCODING'; throw err; }
    return l === 'utf-8' ? 'utf8' : l === 'binary' ? 'latin1' : l === 'ucs2' || l === 'ucs-2' || l === 'utf-16le' ? 'utf16le' : l;
  }
  // process.emitWarning: Node writes warnings on the next tick through
  // console.error, which Lambda's runtime client has made a log line; the
  // first one of the process carries a hint.
  let warnedOnce = false;
  function emitWarning(warning, type, code) {
    if (type !== null && typeof type === 'object') { code = type.code; type = type.type; }
    let text;
    if (warning instanceof Error) {
      text = warning.name + ': ' + warning.message;
      type = warning.name;
    } else {
      type = typeof type === 'string' ? type : 'Warning';
      text = (code ? '[' + code + '] ' : '') + type + ': ' + warning;
    }
    let line = '(node:8) ' + text;
    if (!warnedOnce) {
      warnedOnce = true;
      line += '\n(Use `node --trace-' + (type === 'DeprecationWarning' ? 'deprecation' : 'warnings') + ' ...` to show where the warning was created)';
    }
    Promise.resolve().then(() => globalThis.console.error(line));
  }
  // calledFromPackage tells a call from code under node_modules, which
  // Node does not warn about for Buffer().
  function calledFromPackage() {
    const frames = String(new Error().stack).split('\n').slice(1).filter((l) => !l.includes('node:internal'));
    return frames.length > 0 && frames[0].includes('/node_modules/');
  }
  class FastBuffer extends Uint8Array {}
  let warnedDEP0005 = false;
  function Buffer(arg, encodingOrOffset, length) {
    if (!warnedDEP0005 && !calledFromPackage()) {
      warnedDEP0005 = true;
      emitWarning('Buffer() is deprecated due to security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.', 'DeprecationWarning', 'DEP0005');
    }
    if (typeof arg === 'number') {
      if (typeof encodingOrOffset === 'string') {
        const e = new TypeError('The "string" argument must be of type string. Received type number (' + arg + ')');
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      return Buffer.alloc(arg);
    }
    return Buffer.from(arg, encodingOrOffset, length);
  }
  Buffer.prototype = FastBuffer.prototype;
  Object.defineProperty(FastBuffer.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });
  Object.setPrototypeOf(Buffer, Uint8Array);
  Object.defineProperty(Buffer, Symbol.species, { get() { return FastBuffer; }, configurable: true });
  function argType(v) {
    if (v === null) return 'null';
    if (typeof v === 'object' || typeof v === 'function') return 'an instance of ' + (v.constructor && v.constructor.name || 'Object');
    return 'type ' + typeof v + ' (' + inspect(v) + ')';
  }
  function sizeCheck(n) {
    if (typeof n !== 'number') {
      const e = new TypeError('The "size" argument must be of type number. Received ' + argType(n));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    if (!(n >= 0 && n <= 4294967296)) {
      const e = new RangeError('The value of "size" is out of range. It must be >= 0 && <= 4294967296. Received ' + inspect(n));
      e.code = 'ERR_OUT_OF_RANGE';
      throw e;
    }
  }
  const statics = {
    from(v, enc, len) {
      if (typeof v === 'string') return Buffer._wrap(native.encode(v, normEnc(enc)));
      if (v instanceof ArrayBuffer) {
        const off = enc === undefined ? 0 : +enc || 0;
        return new FastBuffer(v, off, len === undefined ? v.byteLength - off : len);
      }
      if (ArrayBuffer.isView(v) || Array.isArray(v)) { const b = new FastBuffer(v.length); for (let i = 0; i < v.length; i++) b[i] = v[i] & 255; return b; }
      if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data);
      if (v && typeof v === 'object' && typeof v.length === 'number') return Buffer.from(Array.from(v));
      if (v && typeof v === 'object' && typeof v.valueOf === 'function' && v.valueOf() !== v) return Buffer.from(v.valueOf(), enc, len);
      const e = new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received ' + argType(v));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    },
    _wrap(ab) { return new FastBuffer(ab, 0, ab.byteLength); },
    alloc(n, fill, enc) {
      sizeCheck(n);
      const b = new FastBuffer(n);
      if (fill !== undefined && fill !== 0 && n > 0) b.fill(fill, 0, n, enc);
      return b;
    },
    allocUnsafe(n) { sizeCheck(n); return new FastBuffer(n); },
    allocUnsafeSlow(n) { sizeCheck(n); return new FastBuffer(n); },
    isBuffer(b) { return b instanceof Buffer; },
    isEncoding(e) { return typeof e === 'string' && encodings.includes(e.toLowerCase()); },
    byteLength(s, enc) { return typeof s === 'string' ? native.encode(s, normEnc(enc)).byteLength : s.byteLength; },
    concat(list, total) {
      if (total === undefined) total = list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(total);
      let off = 0;
      for (const b of list) { for (let i = 0; i < b.length && off < total; i++) out[off++] = b[i]; }
      return out;
    },
    compare(a, b) { return a.compare(b); },
  };
  for (const k of Object.keys(statics)) Object.defineProperty(Buffer, k, { value: statics[k], writable: true, configurable: true, enumerable: k !== '_wrap' });
  Buffer.poolSize = 8192;
  const view = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const proto = {
    toString(enc, start, end) {
      start = Math.max(0, start | 0); end = end === undefined ? this.length : Math.min(end | 0, this.length);
      return native.decode(this.buffer, this.byteOffset + start, Math.max(0, end - start), normEnc(enc));
    },
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; },
    equals(o) { if (this.length !== o.length) return false; for (let i = 0; i < this.length; i++) if (this[i] !== o[i]) return false; return true; },
    compare(o) {
      const n = Math.min(this.length, o.length);
      for (let i = 0; i < n; i++) if (this[i] !== o[i]) return this[i] < o[i] ? -1 : 1;
      return this.length === o.length ? 0 : this.length < o.length ? -1 : 1;
    },
    slice(s, e) { return this.subarray(s, e); },
    subarray(s, e) { const u = Uint8Array.prototype.subarray.call(this, s, e); return new FastBuffer(u.buffer, u.byteOffset, u.length); },
    write(str, off, len, enc) {
      if (typeof off === 'string') { enc = off; off = 0; len = undefined; } else if (typeof len === 'string') { enc = len; len = undefined; }
      const b = Buffer.from(str, enc); off = off || 0;
      const n = Math.min(b.length, this.length - off, len === undefined ? Infinity : len);
      for (let i = 0; i < n; i++) this[off + i] = b[i];
      return Math.max(0, n);
    },
    copy(target, ts, ss, se) {
      ts = ts || 0; ss = ss || 0; se = se === undefined ? this.length : se;
      const n = Math.max(0, Math.min(se - ss, target.length - ts));
      for (let i = 0; i < n; i++) target[ts + i] = this[ss + i];
      return n;
    },
    fill(v, s, e, enc) {
      if (typeof s === 'string') { enc = s; s = 0; e = this.length; }
      s = s === undefined ? 0 : s; e = e === undefined ? this.length : e;
      if (typeof v === 'number') { Uint8Array.prototype.fill.call(this, v & 255, s, e); return this; }
      const src = typeof v === 'string' ? Buffer.from(v, enc) : Buffer.from(v);
      if (src.length === 0) { Uint8Array.prototype.fill.call(this, 0, s, e); return this; }
      for (let i = s, j = 0; i < e; i++, j = (j + 1) % src.length) this[i] = src[j];
      return this;
    },
    includes(v, from, enc) { return this.indexOf(v, from, enc) !== -1; },
    indexOf(v, from, enc) {
      if (typeof v === 'number') return Uint8Array.prototype.indexOf.call(this, v & 255, from);
      const n = typeof v === 'string' ? Buffer.from(v, enc) : v;
      outer: for (let i = from || 0; i <= this.length - n.length; i++) { for (let j = 0; j < n.length; j++) if (this[i + j] !== n[j]) continue outer; return i; }
      return -1;
    },
    readUInt8(o = 0) { return view(this).getUint8(o); },
    readInt8(o = 0) { return view(this).getInt8(o); },
    readUInt16BE(o = 0) { return view(this).getUint16(o); },
    readUInt16LE(o = 0) { return view(this).getUint16(o, true); },
    readInt16BE(o = 0) { return view(this).getInt16(o); },
    readInt16LE(o = 0) { return view(this).getInt16(o, true); },
    readUInt32BE(o = 0) { return view(this).getUint32(o); },
    readUInt32LE(o = 0) { return view(this).getUint32(o, true); },
    readInt32BE(o = 0) { return view(this).getInt32(o); },
    readInt32LE(o = 0) { return view(this).getInt32(o, true); },
    readFloatBE(o = 0) { return view(this).getFloat32(o); },
    readFloatLE(o = 0) { return view(this).getFloat32(o, true); },
    readDoubleBE(o = 0) { return view(this).getFloat64(o); },
    readDoubleLE(o = 0) { return view(this).getFloat64(o, true); },
    readBigUInt64BE(o = 0) { return view(this).getBigUint64(o); },
    readBigUInt64LE(o = 0) { return view(this).getBigUint64(o, true); },
    readBigInt64BE(o = 0) { return view(this).getBigInt64(o); },
    readBigInt64LE(o = 0) { return view(this).getBigInt64(o, true); },
    writeUInt8(v, o = 0) { view(this).setUint8(o, v); return o + 1; },
    writeInt8(v, o = 0) { view(this).setInt8(o, v); return o + 1; },
    writeUInt16BE(v, o = 0) { view(this).setUint16(o, v); return o + 2; },
    writeUInt16LE(v, o = 0) { view(this).setUint16(o, v, true); return o + 2; },
    writeInt16BE(v, o = 0) { view(this).setInt16(o, v); return o + 2; },
    writeInt16LE(v, o = 0) { view(this).setInt16(o, v, true); return o + 2; },
    writeUInt32BE(v, o = 0) { view(this).setUint32(o, v); return o + 4; },
    writeUInt32LE(v, o = 0) { view(this).setUint32(o, v, true); return o + 4; },
    writeInt32BE(v, o = 0) { view(this).setInt32(o, v); return o + 4; },
    writeInt32LE(v, o = 0) { view(this).setInt32(o, v, true); return o + 4; },
    writeFloatBE(v, o = 0) { view(this).setFloat32(o, v); return o + 4; },
    writeFloatLE(v, o = 0) { view(this).setFloat32(o, v, true); return o + 4; },
    writeDoubleBE(v, o = 0) { view(this).setFloat64(o, v); return o + 8; },
    writeDoubleLE(v, o = 0) { view(this).setFloat64(o, v, true); return o + 8; },
  };
  for (const k of ['UInt8', 'UInt16BE', 'UInt16LE', 'UInt32BE', 'UInt32LE', 'BigUInt64BE', 'BigUInt64LE']) {
    if (proto['read' + k]) proto['read' + k.replace('UInt', 'Uint')] = proto['read' + k];
    if (proto['write' + k]) proto['write' + k.replace('UInt', 'Uint')] = proto['write' + k];
  }
  for (const k of Object.keys(proto)) Object.defineProperty(Buffer.prototype, k, { value: proto[k], writable: true, configurable: true, enumerable: true });
  native.isBuffer = (b) => b instanceof Buffer;

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(s) { return new Uint8Array(native.encode(String(s === undefined ? '' : s), 'utf8')); }
  }
  class TextDecoder {
    get encoding() { return 'utf-8'; }
    decode(b) {
      if (b === undefined) return '';
      const u = b instanceof ArrayBuffer ? new Uint8Array(b) : b;
      return native.decode(u.buffer, u.byteOffset, u.byteLength, 'utf8');
    }
  }

  const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');
  function promisify(f) {
    if (typeof f !== 'function') {
      const e = new TypeError('The "original" argument must be of type function. Received ' + argType(f));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    if (f[kCustomPromisify]) return f[kCustomPromisify];
    function fn(...args) {
      return new Promise((res, rej) => f.call(this, ...args, (err, v) => (err ? rej(err) : res(v))));
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(f));
    Object.defineProperty(fn, kCustomPromisify, { value: fn, configurable: true });
    return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(f));
  }
  promisify.custom = kCustomPromisify;

  // querystring, as Node's: + and %20 decode to a space, bad escapes stay.
  const qsUnreserved = /[A-Za-z0-9\-_.!~*'()]/;
  function qsEscape(str) {
    if (typeof str !== 'string') str = typeof str === 'object' ? String(str) : str + '';
    let out = '';
    for (const ch of str) out += qsUnreserved.test(ch) ? ch : encodeURIComponent(ch).replace(/[!'()*]/g, (c) => c);
    return out;
  }
  function qsUnescape(s) {
    try { return decodeURIComponent(s); } catch (e) {
      return qsUnescapeBuffer(s).toString();
    }
  }
  // Node's querystring.unescapeBuffer: each %XX with two hex digits is a
  // byte, anything else is its char code's low byte (a "%" too close to
  // the end stays); the bytes are then read as UTF-8 by the caller.
  function qsUnescapeBuffer(s, decodeSpaces) {
    s = String(s);
    const bytes = [];
    const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 43 && decodeSpaces) { bytes.push(32); continue; }
      if (c === 37 && i < s.length - 2) {
        const hi = hex(s.charCodeAt(i + 1));
        const lo = hi < 0 ? -1 : hex(s.charCodeAt(i + 2));
        if (hi >= 0 && lo >= 0) { bytes.push(hi * 16 + lo); i += 2; continue; }
      }
      bytes.push(c & 255);
    }
    return Buffer.from(bytes);
  }
  function qsPrim(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && isFinite(v)) return '' + v;
    if (typeof v === 'bigint') return '' + v;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }
  function qsStringify(obj, sep, eq, options) {
    sep = sep || '&'; eq = eq || '=';
    const enc = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : qsEscape;
    if (obj === null || typeof obj !== 'object') return '';
    const parts = [];
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const ks = enc(qsPrim(k)) + eq;
      if (Array.isArray(v)) { for (const x of v) parts.push(ks + enc(qsPrim(x))); } else parts.push(ks + enc(qsPrim(v)));
    }
    return parts.join(sep);
  }
  function qsParse(qs, sep, eq, options) {
    const obj = Object.create(null);
    if (typeof qs !== 'string' || qs.length === 0) return obj;
    sep = sep || '&'; eq = eq || '=';
    const max = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
    const dec = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : qsUnescape;
    let pieces = qs.split(sep);
    if (max > 0) pieces = pieces.slice(0, max);
    for (const piece of pieces) {
      if (piece === '') continue;
      const i = piece.indexOf(eq);
      const rawK = i >= 0 ? piece.slice(0, i) : piece, rawV = i >= 0 ? piece.slice(i + eq.length) : '';
      const k = dec(rawK.replace(/\+/g, ' ')), v = dec(rawV.replace(/\+/g, ' '));
      if (k in obj) { if (Array.isArray(obj[k])) obj[k].push(v); else obj[k] = [obj[k], v]; } else obj[k] = v;
    }
    return obj;
  }

  // The legacy url.parse/url.format (deprecated in Node, still common in
  // handlers), added to the url module built from goja_nodejs.
  function Url() {
    this.protocol = null; this.slashes = null; this.auth = null; this.host = null; this.port = null;
    this.hostname = null; this.hash = null; this.search = null; this.query = null; this.pathname = null;
    this.path = null; this.href = null;
  }
  function legacyURL(exports) {
    exports.Url = Url;
    // WHATWG origin keeps a non-default port (goja_nodejs's drops it).
    const BaseURL = exports.URL;
    const hrefSetter = Object.getOwnPropertyDescriptor(BaseURL.prototype, 'href').set;
    class URL extends BaseURL {
      get origin() {
        return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(this.protocol) ? this.protocol + '//' + this.host : 'null';
      }
      // goja_nodejs's href leaves out a query changed through
      // searchParams; toString brings it in.
      get href() { return this.toString(); }
      set href(v) { hrefSetter.call(this, v); }
    }
    exports.URL = URL;
    exports.parse = function parse(str, parseQuery) {
      const u = new Url();
      let rest = String(str).trim();
      const h = rest.indexOf('#');
      if (h >= 0) { u.hash = rest.slice(h); rest = rest.slice(0, h); }
      const q = rest.indexOf('?');
      if (q >= 0) { u.search = rest.slice(q); u.query = rest.slice(q + 1); rest = rest.slice(0, q); } else if (parseQuery) { u.search = ''; u.query = {}; }
      const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(rest);
      if (m) { u.protocol = m[1].toLowerCase(); rest = rest.slice(m[1].length); }
      if (rest.startsWith('//')) {
        u.slashes = true; rest = rest.slice(2);
        let end = rest.search(/[\/]/); if (end < 0) end = rest.length;
        let host = rest.slice(0, end); rest = rest.slice(end);
        const at = host.lastIndexOf('@');
        if (at >= 0) { u.auth = decodeURIComponent(host.slice(0, at)); host = host.slice(at + 1); }
        host = host.toLowerCase();
        const pm = /:(\d*)$/.exec(host);
        if (pm) { if (pm[1]) u.port = pm[1]; host = host.slice(0, pm.index) + (pm[1] ? ':' + pm[1] : ''); }
        u.host = host; u.hostname = pm ? host.slice(0, pm.index) : host;
        if (rest === '') rest = '/';
      }
      if (rest !== '') u.pathname = rest;
      if (parseQuery && typeof u.query === 'string') u.query = qsParse(u.query);
      u.path = (u.pathname || '') + (u.search || '') || null;
      u.href = exports.format(u);
      return u;
    };
    exports.format = function format(u) {
      if (typeof u === 'string') u = exports.parse(u);
      if (u && typeof u.href === 'string' && typeof URL === 'function' && u instanceof URL) return u.href;
      let out = u.protocol ? (u.protocol.endsWith(':') ? u.protocol : u.protocol + ':') : '';
      let host = u.host || (u.hostname ? u.hostname + (u.port ? ':' + u.port : '') : '');
      if (u.slashes || host || /^(https?|ftp|file|wss?):$/.test(out)) out += '//';
      if (u.auth) out += encodeURIComponent(u.auth).replace(/%3A/i, ':') + '@';
      out += host + (u.pathname || '');
      let search = u.search || (u.query && typeof u.query === 'object' && Object.keys(u.query).length ? '?' + qsStringify(u.query) : '');
      if (search && search[0] !== '?') search = '?' + search;
      return out + search + (u.hash || '');
    };
    exports.resolve = function resolve(from, to) { return new exports.URL(to, new exports.URL(from, 'resolve://')).href.replace(/^resolve:\/\//, ''); };
    exports.fileURLToPath = function fileURLToPath(u) { return decodeURIComponent(new exports.URL(String(u)).pathname); };
    exports.pathToFileURL = function pathToFileURL(p) { return new exports.URL('file://' + encodeURI(p)); };
    return exports;
  }
  // The JSON the runtime client logs after "Invoke Error": an Error's
  // name, message and code, its own enumerable properties, and its stack
  // as lines; a value that is not an Error becomes new Error(value) first.
  function runtimeErrorJSON(err) {
    if (!(err instanceof Error)) {
      const e = new Error(typeof err === 'symbol' ? err.toString() : err);
      Object.defineProperty(e, 'stack', { value: 'Error: ' + e.message, writable: true, configurable: true });
      err = e;
    }
    const replacer = (k, v) => {
      if (v instanceof Error) {
        const ret = Object.assign({ errorType: v.name, errorMessage: v.message, code: v.code }, v);
        if (typeof v.stack === 'string') ret.stack = native.nodeStack(v).split('\n');
        return ret;
      }
      return v;
    };
    try {
      return '\t' + JSON.stringify(err, replacer);
    } catch (e) {
      return '\t' + JSON.stringify({ errorType: err.name, errorMessage: err.message, trace: String(err.stack).split('\n') });
    }
  }


  // Response streaming, as the runtime client offers it: the awslambda
  // global, and the response stream a streaming handler writes to.
  const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
  const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
  const METADATA_PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
  class HttpResponseStream {
    static from(underlyingStream, prelude) {
      underlyingStream.setContentType(METADATA_PRELUDE_CONTENT_TYPE);
      const metadataPrelude = JSON.stringify(prelude);
      underlyingStream._onBeforeFirstWrite = (write) => {
        write(metadataPrelude);
        write(new Uint8Array(8));
      };
      return underlyingStream;
    }
  }
  const awslambda = {
    streamifyResponse(handler, options) {
      handler[HANDLER_STREAMING] = 'response';
      if (options && typeof options.highWaterMark === 'number') handler[HANDLER_HIGHWATERMARK] = parseInt(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };
  function isStreamingHandler(fn) { return typeof fn === 'function' && fn[HANDLER_STREAMING] === 'response'; }
  class InvalidStreamingOperation extends Error {}
  InvalidStreamingOperation.prototype.name = 'Runtime.InvalidStreamingOperation';
  function toBytes(chunk, encoding) {
    if (typeof chunk === 'string') return Buffer.from(chunk, encoding);
    if (chunk instanceof Uint8Array) return chunk;
    return Buffer.from(JSON.stringify(chunk));
  }
  function createResponseStream() {
    const em = new EventEmitter();
    let status = 'ready', ended = false, finished = false;
    const stream = {
      _onBeforeFirstWrite: undefined,
      destroyed: false,
      setContentType(type) {
        if (status !== 'ready') throw new InvalidStreamingOperation('Cannot set content-type, too late.');
        native.streamStart(String(type));
      },
      write(chunk, encoding, callback) {
        if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
        if (ended) {
          const e = new Error('write after end');
          e.code = 'ERR_STREAM_WRITE_AFTER_END';
          Promise.resolve().then(() => { em.emit('error', e); if (callback) callback(e); });
          return false;
        }
        if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) chunk = JSON.stringify(chunk);
        if (status === 'ready' && typeof this._onBeforeFirstWrite === 'function') {
          const first = [];
          this._onBeforeFirstWrite((ch) => first.push(ch));
          if (first.length === 2 && typeof first[0] === 'string' && first[1] instanceof Uint8Array && first[1].length === 8) {
            native.streamPrelude(first[0]);
          } else {
            for (const ch of first) native.streamWrite(toBytes(ch));
          }
        }
        status = 'write_called';
        const ok = native.streamWrite(toBytes(chunk, encoding));
        if (callback) Promise.resolve().then(() => callback(ok ? undefined : new Error('stream write failed')));
        return ok;
      },
      end(chunk, encoding, callback) {
        if (typeof chunk === 'function') { callback = chunk; chunk = undefined; }
        if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
        if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
        if (!ended) {
          ended = true;
          if (status === 'ready') native.streamStart('');
          finished = true;
          Promise.resolve().then(() => { em.emit('finish'); em.emit('close'); });
        }
        if (callback) Promise.resolve().then(() => callback());
        return this;
      },
      destroy(err) {
        ended = true; this.destroyed = true;
        if (err) Promise.resolve().then(() => em.emit('error', err));
        Promise.resolve().then(() => em.emit('close'));
        return this;
      },
      cork() {}, uncork() {},
      get writable() { return !ended; },
      get writableEnded() { return ended; },
      get writableFinished() { return finished; },
      get writableObjectMode() { return false; },
      get writableLength() { return 0; },
      get writableHighWaterMark() { return 16384; },
      get writableNeedDrain() { return false; },
      get writableCorked() { return 0; },
    };
    for (const m of ['on', 'once', 'off', 'emit', 'addListener', 'removeListener', 'removeAllListeners', 'prependListener',
      'listenerCount', 'listeners', 'eventNames', 'setMaxListeners', 'getMaxListeners']) stream[m] = em[m].bind(em);
    return stream;
  }

  // The part of Node's stream module that streaming handlers use:
  // Readable.from and pipeline (callback and promise forms).
  class Readable {
    constructor(iterable) { this._it = iterable; }
    static from(iterable) {
      if (typeof iterable === 'string' || iterable instanceof Uint8Array) iterable = [iterable];
      if (iterable === null || iterable === undefined || (typeof iterable[Symbol.iterator] !== 'function' && typeof iterable[Symbol.asyncIterator] !== 'function')) {
        const e = new TypeError('The "iterable" argument must be an instance of Iterable. Received ' + argType(iterable));
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      return new Readable(iterable);
    }
    [Symbol.asyncIterator]() { return iteratorOf(this._it); }
  }
  // iteratorOf returns an async-or-sync iterator of an iterable.
  function iteratorOf(it) {
    if (typeof it[Symbol.asyncIterator] === 'function') return it[Symbol.asyncIterator]();
    const sync = it[Symbol.iterator]();
    return { next: () => Promise.resolve(sync.next()) };
  }
  async function pipelinePromise(...streams) {
    if (streams.length < 2) {
      const e = new TypeError('The "streams" argument must be specified');
      e.code = 'ERR_MISSING_ARGS';
      throw e;
    }
    let source = streams[0];
    if (typeof source === 'function') source = source();
    for (const step of streams.slice(1, -1)) source = step(source);
    const dest = streams[streams.length - 1];
    if (typeof dest === 'function') return dest(source);
    const iter = iteratorOf(source);
    for (;;) {
      const { value, done } = await iter.next();
      if (done) break;
      dest.write(value);
    }
    await new Promise((resolve) => dest.end(resolve));
  }
  function pipeline(...streams) {
    const cb = typeof streams[streams.length - 1] === 'function' && streams.length > 2 ? streams.pop() : null;
    const p = pipelinePromise(...streams);
    if (cb) p.then(() => cb(), (e) => cb(e));
    return streams[streams.length - 1];
  }
  const stream = { Readable, pipeline, promises: { pipeline: pipelinePromise } };

  const querystring = {
    unescapeBuffer: qsUnescapeBuffer, unescape: qsUnescape, escape: qsEscape,
    stringify: qsStringify, encode: qsStringify, parse: qsParse, decode: qsParse,
  };

  function isDeepStrictEqual(a, b) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => isDeepStrictEqual(a[k], b[k]));
  }

  const util = {
    format, formatWithOptions: (o, ...a) => formatWithOptions(a), inspect, promisify, isDeepStrictEqual,
    types: {
      isPromise: (v) => v instanceof Promise, isDate: (v) => v instanceof Date, isRegExp: (v) => v instanceof RegExp,
      isMap: (v) => v instanceof Map, isSet: (v) => v instanceof Set, isNativeError: (v) => v instanceof Error,
      isAsyncFunction: (v) => typeof v === 'function' && v.constructor && v.constructor.name === 'AsyncFunction',
      isUint8Array: (v) => v instanceof Uint8Array, isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
      isArrayBuffer: (v) => v instanceof ArrayBuffer, isSymbolObject: () => false, isBoxedPrimitive: () => false,
    },
    isArray: Array.isArray,
    inherits(c, s) { Object.defineProperty(c, 'super_', { value: s, writable: true, configurable: true }); Object.setPrototypeOf(c.prototype, s.prototype); },
    deprecate: (f) => f,
    callbackify(f) {
      return function (...args) {
        const cb = args.pop();
        f.apply(this, args).then((v) => cb(null, v), (e) => cb(e));
      };
    },
    TextEncoder, TextDecoder,
  };

  return { util, format: formatWithOptions, inspect, EventEmitter, Buffer, TextEncoder, TextDecoder, querystring, promisify, legacyURL, runtimeErrorJSON, emitWarning, awslambda, isStreamingHandler, createResponseStream, stream };
})
