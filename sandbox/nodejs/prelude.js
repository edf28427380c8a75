// The globals of a Node.js execution environment in the lambdatutor
// sandbox: console, timers, process and friends. A new VM defines none of
// them: the first use of one calls this function with the group's name
// (see lazyGlobals in globals.go), so an environment pays only for what
// its code touches. `host(op, ...args)` is the one Go function behind them.
(function (g, host, group) {
  'use strict';

  function checkFn(fn) {
    if (typeof fn !== 'function') {
      const e = new TypeError('The "callback" argument must be of type function. Received ' + (fn === null ? 'null' : typeof fn));
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }
  if (group === 'timers') {
    function Timeout(id) { this._id = id; }
    Timeout.prototype.unref = function unref() { return this; };
    Timeout.prototype.ref = function ref() { return this; };
    Timeout.prototype.hasRef = function hasRef() { return true; };
    Timeout.prototype.refresh = function refresh() { return this; };
    Timeout.prototype.valueOf = function valueOf() { return this._id; };
    g.setTimeout = function setTimeout(fn, ms, ...args) { checkFn(fn); return new Timeout(host('timer', 0, fn, ms, ...args)); };
    g.setInterval = function setInterval(fn, ms, ...args) { checkFn(fn); return new Timeout(host('timer', 1, fn, ms, ...args)); };
    g.setImmediate = function setImmediate(fn, ...args) { checkFn(fn); return new Timeout(host('timer', 2, fn, 0, ...args)); };
    // util.promisify(setTimeout) is timers/promises' setTimeout, as in Node.
    const custom = Symbol.for('nodejs.util.promisify.custom');
    Object.defineProperty(g.setTimeout, custom, { value: function setTimeout(ms, value) { return host('sleep', 0, ms, value); }, configurable: true });
    Object.defineProperty(g.setImmediate, custom, { value: function setImmediate(value) { return host('sleep', 2, value); }, configurable: true });
    const clear = (t) => { if (t !== undefined && t !== null) host('clear', typeof t === 'object' ? t._id : t); };
    g.clearTimeout = function clearTimeout(t) { clear(t); };
    g.clearInterval = function clearInterval(t) { clear(t); };
    g.clearImmediate = function clearImmediate(t) { clear(t); };
    g.queueMicrotask = function queueMicrotask(fn) { checkFn(fn); Promise.resolve().then(() => fn()); };
    return;
  }
  if (group === 'abort') {
    // AbortController and AbortSignal, with the little of EventTarget,
    // Event and DOMException they need, as Node's.
    class DOMException extends Error {
      constructor(message = '', name = 'Error') { super(message); Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true }); }
      get code() { return { AbortError: 20, TimeoutError: 23, InvalidCharacterError: 5 }[this.name] || 0; }
    }
    class Event {
      constructor(type) { this.type = String(type); this.defaultPrevented = false; this.target = null; }
      preventDefault() { this.defaultPrevented = true; }
    }
    const listeners = new WeakMap();
    class EventTarget {
      addEventListener(type, fn, opts) {
        if (typeof fn !== 'function' && !(fn && typeof fn.handleEvent === 'function')) return;
        if (!listeners.has(this)) listeners.set(this, []);
        const list = listeners.get(this);
        if (!list.some((l) => l.type === type && l.fn === fn)) list.push({ type, fn, once: !!(opts && opts.once) });
      }
      removeEventListener(type, fn) {
        const list = listeners.get(this);
        if (list) listeners.set(this, list.filter((l) => !(l.type === type && l.fn === fn)));
      }
      dispatchEvent(ev) {
        ev.target = this;
        const list = (listeners.get(this) || []).filter((l) => l.type === ev.type);
        for (const l of list) {
          if (l.once) this.removeEventListener(l.type, l.fn);
          if (typeof l.fn === 'function') l.fn.call(this, ev); else l.fn.handleEvent(ev);
        }
        return !ev.defaultPrevented;
      }
    }
    const abortSignal = (signal, reason) => {
      if (signal.aborted) return;
      signal._aborted = true;
      signal._reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
      const ev = new Event('abort');
      if (typeof signal.onabort === 'function') signal.onabort.call(signal, ev);
      signal.dispatchEvent(ev);
    };
    class AbortSignal extends EventTarget {
      constructor() { super(); this._aborted = false; this._reason = undefined; this.onabort = null; }
      get aborted() { return this._aborted; }
      get reason() { return this._reason; }
      throwIfAborted() { if (this._aborted) throw this._reason; }
      static abort(reason) { const s = new AbortSignal(); abortSignal(s, reason); return s; }
      static timeout(ms) {
        const s = new AbortSignal();
        g.setTimeout(() => abortSignal(s, new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
        return s;
      }
      static any(signals) {
        const s = new AbortSignal();
        for (const x of signals) {
          if (x.aborted) { abortSignal(s, x.reason); break; }
          x.addEventListener('abort', () => abortSignal(s, x.reason), { once: true });
        }
        return s;
      }
    }
    class AbortController {
      constructor() { this._signal = new AbortSignal(); }
      get signal() { return this._signal; }
      abort(reason) { abortSignal(this._signal, reason); }
    }
    g.DOMException = DOMException;
    g.Event = Event;
    g.EventTarget = EventTarget;
    g.AbortSignal = AbortSignal;
    g.AbortController = AbortController;
    return;
  }
  if (group === 'misc') {
    // atob and btoa, as Node's: Latin-1 strings, DOMException-like errors.
    const invalidChar = () => { const e = new Error('Invalid character'); e.name = 'InvalidCharacterError'; e.code = 5; return e; };
    g.atob = function atob(s) {
      if (arguments.length === 0) { const e = new TypeError('The "data" argument must be specified'); e.code = 'ERR_MISSING_ARGS'; throw e; }
      s = String(s).replace(/[\t\n\f\r ]/g, '');
      if (s.length % 4 === 0) s = s.replace(/==?$/, '');
      if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw invalidChar();
      return g.Buffer.from(s, 'base64').toString('latin1');
    };
    g.btoa = function btoa(s) {
      if (arguments.length === 0) { const e = new TypeError('The "data" argument must be specified'); e.code = 'ERR_MISSING_ARGS'; throw e; }
      s = String(s);
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) throw invalidChar();
      return g.Buffer.from(s, 'latin1').toString('base64');
    };
    g.structuredClone = function structuredClone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); };
    g.performance = { now: () => host('now') };
    g.fetch = function fetch() {
      return Promise.reject(new TypeError("fetch failed: the tutor's sandbox has no network access; put the data your handler would fetch in the event instead"));
    };
    return;
  }
  if (group === 'console') {

  const console = {
    log(...args) { host('log', 'INFO', ...args); },
    info(...args) { host('log', 'INFO', ...args); },
    warn(...args) { host('log', 'WARN', ...args); },
    error(...args) { host('log', 'ERROR', ...args); },
    debug(...args) { host('log', 'DEBUG', ...args); },
    trace(...args) { host('log', 'TRACE', ...args); },
    dir(v) { host('dir', v); },
    table(...args) { host('log', 'INFO', ...args); },
  };
  g.console = console;
  return;
  }

  if (group === 'process') {
    const info = host('process');
    const p = {
      env: info.env, version: info.version, versions: { node: info.version.slice(1) },
      platform: 'linux', arch: info.arch, pid: 8, ppid: 1, title: 'node',
      argv: ['/var/lang/bin/node', '/var/runtime/index.mjs'], execArgv: [], exitCode: undefined,
      cwd: () => '/var/task',
      uptime: () => host('uptime'),
      hrtime: Object.assign((prev) => {
        const ns = host('hrtime');
        const t = [Math.floor(ns / 1e9), ns % 1e9];
        if (!prev) return t;
        let s = t[0] - prev[0], n = t[1] - prev[1];
        if (n < 0) { s--; n += 1e9; }
        return [s, n];
      }, { bigint: () => BigInt(host('hrtime')) }),
      memoryUsage: () => host('memory'),
      nextTick(fn, ...args) { checkFn(fn); Promise.resolve().then(() => fn(...args)); },
      exit(code) { host('exit', code === undefined ? (p.exitCode || 0) : code); },
      emitWarning(warning, type, code) { host('support').emitWarning(warning, type, code); },
    };
    const self = function () { return p; };
    p.on = p.once = p.off = p.addListener = p.removeListener = p.removeAllListeners = p.prependListener = self;
    g.process = p;
  }
})
