// event: {"at": 1733222400123}
// Dates printed the ways handlers print them, from a fixed instant: Lambda
// runs with TZ=:UTC, so local and UTC forms agree.
exports.handler = async (event) => {
  const d = new Date(event.at);
  console.log(d.toString());
  console.log(String(d), `${d}`, d.toTimeString());
  console.log(d.toLocaleString(), '|', d.toLocaleDateString(), '|', d.toLocaleTimeString());
  console.log(d);
  console.log({ when: d, list: [d] });
  console.log(d.getTimezoneOffset(), d.getHours(), d.toJSON(), JSON.stringify({ d }));
  console.log(new Date('2024-02-30T00:00:00Z').toString(), new Date(NaN).getTime());
  return { iso: d.toISOString(), utc: d.toUTCString(), date: d.toDateString(), tz: process.env.TZ };
};
