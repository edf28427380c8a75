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
  if (fs.existsSync(CACHE_FILE)) {
    const report = JSON.parse(fs.readFileSync(CACHE_FILE, "utf8"));
    return { source: "cache", report };
  }
  const report = await buildReport();
  fs.writeFileSync(CACHE_FILE, JSON.stringify(report));
  return { source: "built", report };
};
