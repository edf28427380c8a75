import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)

logger.info("module loaded")


def lambda_handler(event, context):
    logger.debug("not shown")
    logger.info("processing %d records", len(event["Records"]))
    for r in event["Records"]:
        logger.warning("record %s", r["id"])
    logging.getLogger("app.child").error("child logger line")
    return {"ok": True}
