export const handler = async (event) => ({ sku: event.sku, total: event.qty * 7 });
