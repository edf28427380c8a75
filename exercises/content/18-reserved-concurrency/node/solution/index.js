// A reporting function in front of a database that accepts 10 connections.
// Do not change the code: this exercise is solved by setting
// reserved_concurrency in config.json.

// Stands in for the database: one connection per execution environment,
// opened at the first request; a query takes 500 ms.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let connection = null;
async function query(report) {
  if (connection === null) {
    connection = { opened: Date.now() };
    console.log("opened a database connection");
  }
  await sleep(500);
  return 1200;
}

exports.handler = async (event, context) => {
  const rows = await query(event.report);
  return { report: event.report, rows };
};
