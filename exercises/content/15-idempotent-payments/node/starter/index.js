// Charge each payment exactly once, however often it is delivered.

// --- Given: do not change. ---
// Stands in for a DynamoDB table written with a conditional put
// (attribute_not_exists): true if the key was new, false if already there.
// In the tutor it lives in this environment's memory; on AWS it must be a
// real table, shared by every environment.
const seen = new Set();
function putIfAbsent(key) {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

// The side effect: charges the customer and returns the ledger total.
const ledger = { total: 0 };
function charge(customer, amount) {
  ledger.total += amount;
  console.log("charged " + customer + " " + amount);
  return ledger.total;
}
// --- End of the given helpers. ---

exports.handler = async (event, context) => {
  // TODO: the request id changes on every delivery, so duplicates are never
  // recognised. Use a key that is the same on every delivery of a payment.
  const key = context.awsRequestId;
  if (!putIfAbsent(key)) {
    console.log("duplicate payment " + event.paymentId + " ignored");
    return { paymentId: event.paymentId, charged: false, totalCharged: ledger.total };
  }
  const total = charge(event.customer, event.amount);
  return { paymentId: event.paymentId, charged: true, totalCharged: total };
};
