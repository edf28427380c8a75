// event: {}
exports.handler = async () => {
  const d = new Date(Date.UTC(2026, 0, 15, 9, 30, 5));
  console.log('toString', d.toString());
  console.log('toTimeString', d.toTimeString());
  console.log(String(new Date(0)));
  console.log(d.toLocaleString(), '|', d.toLocaleDateString(), '|', d.toLocaleTimeString('en-US'), '|', new Date(Date.UTC(2026, 11, 3, 23, 5, 0)).toLocaleString());
  return { iso: d.toISOString(), utc: d.toUTCString(), json: JSON.stringify({ d }), date: d.toDateString(), local: d.getHours() };
};
