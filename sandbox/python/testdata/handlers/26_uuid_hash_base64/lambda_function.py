import base64
import hashlib
import uuid
import zlib

NAMESPACE = uuid.UUID("12345678-1234-5678-1234-567812345678")


def lambda_handler(event, context):
    data = event["data"].encode()
    packed = base64.b64encode(zlib.compress(data)).decode()
    return {
        "id": str(uuid.uuid5(NAMESPACE, event["data"])),
        "sha256": hashlib.sha256(data).hexdigest(),
        "blake2": hashlib.blake2b(data, digest_size=8).hexdigest(),
        "b64": base64.urlsafe_b64encode(data).decode(),
        "roundtrip": zlib.decompress(base64.b64decode(packed)).decode(),
        "crc": zlib.crc32(data),
    }
