// Send the order confirmation e-mail; invoked asynchronously.

// Stands in for the e-mail service. Do not change this function.
async function sendEmail(orderId, email, event) {
  if (event.simulateOutage) return { status: 503 };
  return { status: 202 };
}

exports.handler = async (event, context) => {
  if (!event.orderId || !event.email) {
    // No retry can fix a bad event: succeed and move on.
    console.log("dropping invalid event: " + JSON.stringify(event));
    return { sent: false };
  }
  const result = await sendEmail(event.orderId, event.email, event);
  if (result.status >= 500) {
    // A temporary failure: a function error makes Lambda retry the event.
    throw new Error("email service unavailable (" + result.status + ")");
  }
  console.log("email sent for order " + event.orderId);
  return { sent: true };
};
