// console.log differential: each entry of CASES is printed with
// console.log(...args) by the tutor and by real Node.js; the lines must
// be the same byte for byte.
class Point { constructor(x, y) { this.x = x; this.y = y; } }
class Empty {}
class WithGetter { constructor() { this.a = 1; } get b() { return 2; } }
const withAccessor = { get g() { return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} };
const circular = { name: 'root' }; circular.self = circular;
const circArr = [1]; circArr.push(circArr);
const nullProto = Object.assign(Object.create(null), { a: 1 });
const fakeStackErr = new Error('with a fixed stack'); fakeStackErr.stack = 'Error: with a fixed stack\n    at handler (/var/task/index.js:3:9)';
const codeErr = new TypeError('bad'); codeErr.stack = 'TypeError: bad\n    at x (/var/task/a.js:1:1)'; codeErr.code = 'E_BAD';
const sym = Symbol('tag');
const withSym = { [sym]: 'v', plain: 1 };
const sparse = [1, , 3]; sparse[9] = 10;
const arrProps = [1, 2]; arrProps.extra = 'x';
const fn = function namedFn() {}; fn.prop = 1;
const causeErr = new Error('outer', { cause: new Error('inner') });
causeErr.stack = 'Error: outer\n    at h (/var/task/index.js:2:3)'; causeErr.cause.stack = 'Error: inner\n    at g (/var/task/index.js:1:1)';
const aggErr = new AggregateError([new Error('a')], 'many'); aggErr.stack = 'AggregateError: many\n    at h (/var/task/index.js:5:5)'; aggErr.errors[0].stack = 'Error: a';
class Tagged { get [Symbol.toStringTag]() { return 'Custom'; } }
class MyMap extends Map {}
class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr'; this.status = 400; } }
const myErr = new MyErr('bad input'); myErr.stack = 'MyErr: bad input\n    at v (/var/task/index.js:9:9)';
const noStack = new Error('gone'); noStack.stack = undefined;
module.exports = [
  ['hello'], ['a', 'b', 3], [42], [-0], [3.14], [NaN], [Infinity], [10n], [true], [null], [undefined],
  [Symbol('s')], [{}], [[]], [{ a: 1, b: 'two', c: [3] }],
  [{ nested: { deep: { deeper: { deepest: 1 } } } }],
  [{ a: { b: { c: {} } } }],
  [[1, [2, [3, [4, [5]]]]]],
  [Array.from({ length: 7 }, (_, i) => i)],
  [Array.from({ length: 26 }, (_, i) => i * 7)],
  [Array.from({ length: 101 }, (_, i) => i)],
  [Array.from({ length: 12 }, (_, i) => 'item' + i)],
  [['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'ggggggg', 'hhhhhhhh']],
  [Array.from({ length: 8 }, (_, i) => ({ id: i }))],
  [[1.5, -2, 300, 4, 5, 60000, 7]],
  [[1n, 2n, 3n, 4n, 5n, 6n, 7n]],
  [[true, false, true, false, true, false, true]],
  [sparse], [arrProps], [[undefined, null]],
  [new Map([['a', 1], ['b', { c: 2 }]])], [new Set([1, 'two', [3]])], [new Map()], [new Set()],
  [new Point(1, 2)], [new Empty()], [new WithGetter()], [withAccessor],
  [circular], [circArr], [nullProto], [withSym],
  [fakeStackErr], [codeErr], [{ err: fakeStackErr }],
  [function foo() {}], [() => {}], [async function bar() {}], [class Foo {}], [fn],
  ['%s is %d', 'x', 42], ['%i', 42.9], ['%f', '3.5'], ['%j', { a: [1] }], ['%o', [1]], ['%O', { a: { b: { c: { d: 1 } } } }],
  ['%%', 1], ['%s', { a: { b: 1 } }], ['%s', [1, [2, [3]]]], ['%s', null, undefined], ['%c styled', 'color: red'],
  ['%d', '0x10'], ['%s', 10n], ['%s', Symbol('q')], ['no format', { a: 1 }, [2]],
  ['it\'s'], [["it's", 'say "hi"', `both ' and "`]], [{ 'key-with-dash': 1, valid_id: 2, 3: 'num' }],
  ['multi\nline'], [{ s: 'multi\nline' }], [{ long: 'x'.repeat(100) }],
  [{ a: 'aaaaaaaaaaaaaaaaaaaa', b: 'bbbbbbbbbbbbbbbbbbbb', c: 'cccccccccccccccccccc', d: 'dddddddddddddddddd' }],
  [new Date(0)], [new Date(NaN)], [/ab+c/gi], [Buffer.from('hi there')], [new Uint8Array([1, 2, 3])],
  [Promise.resolve(5)], [Promise.reject(new Error('r')).catch(() => {}) && Promise.resolve({ a: 1 })],
  [{ undef: undefined, nul: null, fn() {}, arrow: () => 1 }],
  [[{ a: 1, b: 2 }, { a: 3, b: 4 }]],
  [{ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"message":"ok"}' }],
  [{ Records: [{ eventSource: 'aws:sqs', body: 'hello', attributes: { ApproximateReceiveCount: '1' } }] }],
  [Array.from({ length: 9 }, (_, i) => 'a-longer-string-value-' + i)],
  [Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'x'.repeat(i) : i))],
  [{ list: Array.from({ length: 12 }, (_, i) => i * 1000), nested: { inner: [1, 2, 3, 4, 5, 6, 7, 8] } }],
  [new Map([[{ k: 1 }, [1, 2]], ['m', new Map([['deep', new Set([1])]])]])],
  [{ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, n: 14, o: 15, p: 16, q: 17, r: 18, s: 19, t: 20, u: 21, v: 22, w: 23, x: 24, y: 25, z: 26, aa: 27 }],
  [[[1, 2, [3, 4, [5, [6]]]], { x: [{ y: [{ z: 1 }] }] }]],
  [Object.assign(Object.create({ inherited: 1 }), { own: 2 })],
  [[-1, -22, 333, -4444, 55555, -6, 7, 88, -999]],
  [{ emptyArr: [], emptyObj: {}, emptyMap: new Map(), emptySet: new Set(), emptyStr: '' }],
  ['%s', 'only one'], ['%d%s', 1], ['a', 'b\nc', 3],
  [causeErr], [aggErr], [myErr], [[myErr]], [noStack], [new Tagged()], [new MyMap([[1, 2]])], [new WeakMap()], [new WeakSet()],
  [new Float64Array([1.5, -0, NaN])], [[-0, 0, -0.5]], [{ 1: 'a', b: 2, [Symbol('s')]: 3 }],
  [Object.freeze({ frozen: true })], [{ fn: function named() {}, cls: class K {}, sym: Symbol.iterator }],
  [Array.from({ length: 4 }, (_, i) => ({ id: i, name: 'user' + i, tags: ['a', 'b'], active: i % 2 === 0 }))],
   ['%s', () => 1], ['%s %s', 'only'], ['%j', { toJSON() { return 'custom'; } }],
  [new Set(Array.from({ length: 30 }, (_, i) => i))], [new Map(Array.from({ length: 3 }, (_, i) => [i, 'v' + i]))],
  [{ a: [1, 2, [3, [4, [5]]]], m: new Map([['k', { deep: { deeper: { deepest: 1 } } }]]) }],
  [String('prim'), Number(5), new String('boxed'), new Number(7), new Boolean(false)],
];
