from dataclasses import dataclass, field, asdict
from typing import List, Optional


@dataclass
class LineItem:
    sku: str
    quantity: int
    unit_price: float

    @property
    def total(self) -> float:
        return round(self.quantity * self.unit_price, 2)


@dataclass
class Order:
    order_id: str
    items: List[LineItem] = field(default_factory=list)
    coupon: Optional[str] = None

    def total(self) -> float:
        t = sum(i.total for i in self.items)
        return round(t * 0.9, 2) if self.coupon == "TEN" else t


def lambda_handler(event, context):
    order = Order(event["orderId"], [LineItem(**i) for i in event["items"]], event.get("coupon"))
    print(order)
    return {"order": asdict(order), "total": order.total()}
