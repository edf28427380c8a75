// event: {}
exports.handler = async () => {
  console.log(Array.from({ length: 30 }, (_, i) => i));
  console.log(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']);
  console.log(Array.from({ length: 120 }, (_, i) => i * 3));
  console.log([1, 2, 3, 4, 5, 6]);
  console.log({ ids: Array.from({ length: 10 }, (_, i) => 'id-' + i) });
  return 'ok';
};
