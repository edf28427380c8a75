// How many units of `to` for one USD?

// Stands in for a slow download of the day's rates (about 300 ms).
// Do not change this function.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function loadExchangeRates() {
  await sleep(300);
  return { USD: 1, EUR: 0.92, GBP: 0.79, JPY: 151.2 };
}

// Started once per execution environment, during INIT.
const ratesReady = loadExchangeRates();

exports.handler = async (event, context) => {
  const rates = await ratesReady;
  if (!(event.to in rates)) {
    return { error: "unknown currency " + event.to };
  }
  return { from: event.from, to: event.to, rate: rates[event.to] };
};
