import re
from urllib.parse import quote

_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Slashes, quotes and control characters have no business in a file name, whatever a school is called.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def content_disposition(filename, download_name, *, inline=False) -> str:
    """`filename` (ASCII) for old clients and `filename*` (RFC 6266, UTF-8) with the real name."""
    ascii_name = _NOT_ASCII_SAFE.sub("_", filename)
    real_name = _UNSAFE.sub("_", str(download_name))
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(real_name, safe='')}"
