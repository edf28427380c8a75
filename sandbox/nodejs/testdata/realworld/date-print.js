// event: {}
exports.handler = async () => {
  const d = new Date(Date.UTC(2026, 0, 15, 9, 30, 5));
  console.log('toString', d.toString());
  console.log('toTimeString', d.toTimeString());
  console.log(String(new Date(0)));
  return { iso: d.toISOString(), utc: d.toUTCString(), json: JSON.stringify({ d }), date: d.toDateString(), local: d.getHours() };
};
