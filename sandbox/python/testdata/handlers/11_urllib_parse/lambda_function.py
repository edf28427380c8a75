from urllib.parse import parse_qs, quote, unquote_plus, urlencode, urlparse


def lambda_handler(event, context):
    url = urlparse(event["url"])
    query = parse_qs(url.query)
    return {
        "scheme": url.scheme,
        "host": url.netloc,
        "path": unquote_plus(url.path),
        "query": query,
        "next": url._replace(query=urlencode({"page": int(query["page"][0]) + 1, "q": "a b&c"})).geturl(),
        "quoted": quote("files/report 2026 é.pdf"),
    }
