// Send the order confirmation e-mail; invoked asynchronously.

// Stands in for the e-mail service. Do not change this function.
async function sendEmail(orderId, email, event) {
  if (event.simulateOutage) return { status: 503 };
  return { status: 202 };
}

exports.handler = async (event, context) => {
  if (!event.orderId || !event.email) {
    console.log("dropping invalid event: " + JSON.stringify(event));
    return { sent: false };
  }
  const result = await sendEmail(event.orderId, event.email, event);
  if (result.status >= 500) {
    // TODO: returning here tells Lambda the invocation succeeded, so the
    // event is never retried. Make it a function error instead.
    console.log("email service unavailable (" + result.status + ")");
    return { sent: false };
  }
  console.log("email sent for order " + event.orderId);
  return { sent: true };
};
