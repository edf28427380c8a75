import re

EMAIL = re.compile(r"^(?P<user>[\w.+-]+)@(?P<domain>[\w-]+\.[\w.]+)$")
PHONE = re.compile(r"\+?(\d{1,3})?[ -]?\(?(\d{3})\)?[ -]?(\d{3})[ -]?(\d{4})")


def lambda_handler(event, context):
    out = []
    for text in event["inputs"]:
        m = EMAIL.match(text)
        if m:
            out.append({"email": m.groupdict()})
            continue
        p = PHONE.search(text)
        if p:
            out.append({"phone": "-".join(g for g in p.groups()[1:])})
            continue
        out.append({"words": re.findall(r"[A-Za-z]+", text), "slug": re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")})
    return out
