import textwrap
from string import Template

HTML = """<html>
  <body>
    <h1>$title</h1>
    <p>$message</p>
  </body>
</html>"""

SQL = (
    "SELECT id, name "
    "FROM users "
    "WHERE active = 1"
)


def lambda_handler(event, context):
    doc = textwrap.dedent('''
        Dear {name},
          your order {order} has shipped.
        Thanks!
    ''').strip().format(**event)
    print(doc)
    page = Template(HTML).substitute(title="Shipped", message=event["order"])
    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": page, "sql": SQL, "wrapped": textwrap.wrap("a " * 30, 20)}
