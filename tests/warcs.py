"""WARC records for tests, written with fastwarc (the library marsad reads them with)."""

import uuid

from fastwarc.warc import WarcRecord, WarcRecordType


def warc_record(kind: WarcRecordType, uri: str, payload: bytes, content_type: str) -> WarcRecord:
    record = WarcRecord()
    record.init_headers(record_type=kind, record_urn=f"uuid:{uuid.uuid4()}".encode())
    record.headers.append("WARC-Target-URI", uri)
    record.headers.append("Content-Type", content_type)
    record.set_bytes_content(payload)
    return record
