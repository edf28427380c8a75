// event: {}
exports.handler = async () => {
  console.log('%s is %d years old', 'Bob', 42);
  console.log('%j', { a: [1, 2] });
  console.log('%i%%', 99.5, 'extra', { x: 1 });
  console.info('info', 1, true, null, undefined);
  console.warn('warn %s', 'careful');
  console.log({ nested: { deep: { deeper: { deepest: 1 } } }, list: [1, 'two', { three: 3 }] });
  console.log(new Map([['a', 1]]), new Set([1, 2]), Symbol('s'), 10n, -0, [undefined, null]);
  return 'ok';
};
