import xml.etree.ElementTree as ET

FEED = """<?xml version="1.0"?>
<feed>
  <item id="1"><title>First</title><price>1.50</price></item>
  <item id="2"><title>Second &amp; more</title><price>2.25</price></item>
</feed>"""


def lambda_handler(event, context):
    root = ET.fromstring(FEED)
    items = [{"id": int(i.get("id")), "title": i.findtext("title"), "price": float(i.findtext("price"))} for i in root.iter("item")]
    new = ET.Element("order", {"customer": event["customer"]})
    ET.SubElement(new, "count").text = str(len(items))
    return {"items": items, "xml": ET.tostring(new, encoding="unicode")}
