// CPU-bound work: Lambda gives CPU in proportion to memory (1,769 MB is one
// vCPU), so more memory makes this faster. Change the memory with + and -
// and watch Duration and the cost.
exports.handler = async (event) => {
  let x = 0;
  for (let i = 0; i < 3000000; i++) {
    x = (x + i * i) % 1000003;
  }
  return { x };
};
