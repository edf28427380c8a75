// event: {"page":2,"tags":["a","b"]}
exports.handler = async (event) => {
  const params = new URLSearchParams({ page: String(event.page), size: '20' });
  for (const t of event.tags) params.append('tag', t);
  params.sort();
  return { query: params.toString(), tags: params.getAll('tag'), has: params.has('size') };
};
