import csv
import io
import sqlite3

CSV = """region,product,amount
north,pens,10
south,pens,4
north,ink,7
south,ink,12
"""


def lambda_handler(event, context):
    rows = list(csv.DictReader(io.StringIO(CSV)))
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE sales (region TEXT, product TEXT, amount INTEGER)")
    db.executemany("INSERT INTO sales VALUES (:region, :product, :amount)", rows)
    totals = db.execute("SELECT region, SUM(amount) FROM sales GROUP BY region ORDER BY region").fetchall()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["region", "total"])
    w.writerows(totals)
    return {"totals": dict(totals), "csv": out.getvalue()}
