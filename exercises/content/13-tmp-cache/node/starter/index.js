// Serve the monthly report, cached in /tmp per execution environment.
const fs = require("fs");

const CACHE_FILE = "/tmp/report.json";

// Stands in for downloading and crunching a large file (about 500 ms).
// Do not change this function.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function buildReport() {
  await sleep(500);
  return { title: "Monthly sales", rows: 1200 };
}

exports.handler = async (event, context) => {
  // TODO: before building, look for CACHE_FILE; after building, write the
  // report there as JSON.
  const report = await buildReport();
  return { source: "built", report };
};
