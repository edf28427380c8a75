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
    const stack = typeof e.stack === 'string' && e.stack ? native.cleanStack(e.stack) : '';
    return stack || '[' + Error.prototype.toString.call(e) + ']';
  }

  function ctorName(o) {
    const proto = Object.getPrototypeOf(o);
    if (proto === null) return null;
    const c = proto.constructor;
    return c && typeof c.name === 'string' ? c.name : '';
  }

  function reduce(open, entries, close, indent, opts, prefix) {
    const start = prefix + open;
    let total = start.length + close.length + entries.length;
    for (const e of entries) total += e.length;
    const multiline = entries.some((e) => e.includes('\n'));
    if (!multiline && total + indent.length <= opts.breakLength) {
      return start + ' ' + entries.join(', ') + ' ' + close;
    }
    const pad = indent + '  ';
    return start + '\n' + pad + entries.join(',\n' + pad) + '\n' + indent + close;
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
    if (o instanceof Error) return errorString(o);
    if (o instanceof Date) return isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (o instanceof RegExp) return o.toString();
    if (o instanceof Promise) return 'Promise { ' + (native.promiseState(o)) + ' }';
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
      if (isArray) return '[Array]';
      return '[' + (name === null ? 'Object: null prototype' : name || 'Object') + ']';
    }
    seen.push(o);
    const entries = [];
    const inner = indent + '  ';
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
      if (n > shown) entries.push('... ' + (n - shown) + ' more item' + (n - shown > 1 ? 's' : ''));
      if (typed) prefix = name + '(' + n + ') ';
      else if (name !== 'Array') prefix = (name === null ? '[Array(' + n + '): null prototype]' : name + '(' + n + ')') + ' ';
    } else if (isMap) {
      prefix = (name || 'Map') + '(' + o.size + ') ';
      for (const [k, val] of o) entries.push(formatValue(k, depth + 1, inner, seen, opts, false) + ' => ' + formatValue(val, depth + 1, inner, seen, opts, false));
    } else if (isSet) {
      prefix = (name || 'Set') + '(' + o.size + ') ';
      for (const val of o) entries.push(formatValue(val, depth + 1, inner, seen, opts, false));
    } else if (fnLabel) {
      prefix = fnLabel + ' ';
    } else if (name === null) {
      prefix = '[Object: null prototype] ';
    } else if (name !== 'Object') {
      prefix = (name || 'Object') + ' ';
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
      if (fnLabel) return fnLabel;
      return prefix + open + close;
    }
    return reduce(open, entries, close, indent, opts, prefix);
  }

  function inspect(v, options) {
    const opts = Object.assign({}, defaults, typeof options === 'object' && options !== null ? options : {});
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
          case 'o': rep = inspect(a, { depth: 4 }); break;
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

  // Buffer: a Uint8Array with Node's encodings.
  const encodings = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'ucs2', 'utf16le'];
  function normEnc(e) {
    if (e === undefined || e === null) return 'utf8';
    const l = String(e).toLowerCase();
    if (!encodings.includes(l)) throw new TypeError('Unknown encoding: ' + e);
    return l === 'utf-8' ? 'utf8' : l === 'binary' ? 'latin1' : l === 'ucs2' ? 'utf16le' : l;
  }
  class Buffer extends Uint8Array {
    static from(v, enc, len) {
      if (typeof v === 'string') return Buffer._wrap(native.encode(v, normEnc(enc)));
      if (v instanceof ArrayBuffer) return new Buffer(v, enc || 0, len === undefined ? v.byteLength - (enc || 0) : len);
      if (ArrayBuffer.isView(v) || Array.isArray(v)) { const b = new Buffer(v.length); for (let i = 0; i < v.length; i++) b[i] = v[i] & 255; return b; }
      if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data);
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received ' + inspect(v));
    }
    static _wrap(ab) { return new Buffer(ab, 0, ab.byteLength); }
    static alloc(n, fill) { const b = new Buffer(n); if (fill !== undefined) b.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill); return b; }
    static allocUnsafe(n) { return new Buffer(n); }
    static isBuffer(b) { return b instanceof Buffer; }
    static isEncoding(e) { return typeof e === 'string' && encodings.includes(e.toLowerCase()); }
    static byteLength(s, enc) { return typeof s === 'string' ? native.encode(s, normEnc(enc)).byteLength : s.byteLength; }
    static concat(list, total) {
      if (total === undefined) total = list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(total);
      let off = 0;
      for (const b of list) { for (let i = 0; i < b.length && off < total; i++) out[off++] = b[i]; }
      return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(enc, start, end) {
      start = start || 0; end = end === undefined ? this.length : end;
      return native.decode(this.buffer, this.byteOffset + start, Math.max(0, Math.min(end, this.length) - start), normEnc(enc));
    }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
    equals(o) { if (this.length !== o.length) return false; for (let i = 0; i < this.length; i++) if (this[i] !== o[i]) return false; return true; }
    compare(o) {
      const n = Math.min(this.length, o.length);
      for (let i = 0; i < n; i++) if (this[i] !== o[i]) return this[i] < o[i] ? -1 : 1;
      return this.length === o.length ? 0 : this.length < o.length ? -1 : 1;
    }
    slice(s, e) { return this.subarray(s, e); }
    subarray(s, e) { const u = Uint8Array.prototype.subarray.call(this, s, e); return new Buffer(u.buffer, u.byteOffset, u.length); }
    write(str, off, enc) { const b = Buffer.from(str, enc); off = off || 0; let i = 0; for (; i < b.length && off + i < this.length; i++) this[off + i] = b[i]; return i; }
    readUInt8(o) { return this[o || 0]; }
    readUInt32BE(o) { o = o || 0; return ((this[o] << 24) >>> 0) + (this[o + 1] << 16) + (this[o + 2] << 8) + this[o + 3]; }
    includes(v) { return this.indexOf(v) !== -1; }
    indexOf(v, from) {
      if (typeof v === 'number') return Uint8Array.prototype.indexOf.call(this, v, from);
      const n = typeof v === 'string' ? Buffer.from(v) : v;
      outer: for (let i = from || 0; i <= this.length - n.length; i++) { for (let j = 0; j < n.length; j++) if (this[i + j] !== n[j]) continue outer; return i; }
      return -1;
    }
  }
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

  function promisify(f) {
    return function (...args) {
      return new Promise((res, rej) => f.call(this, ...args, (err, v) => (err ? rej(err) : res(v))));
    };
  }

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
    },
    isArray: Array.isArray,
    inherits(c, s) { Object.setPrototypeOf(c.prototype, s.prototype); Object.setPrototypeOf(c, s); },
    deprecate: (f) => f,
    TextEncoder, TextDecoder,
  };

  return { util, format: formatWithOptions, inspect, EventEmitter, Buffer, TextEncoder, TextDecoder };
})
