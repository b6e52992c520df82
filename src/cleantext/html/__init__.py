"""HTML input: extract the article text, find hidden injections, map flags to nodes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..detector import Detector
    from ..records import Result

_HTML_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|div|p|span|article|section|a\s|br|table|ul|li|h[1-6]|meta|title|script|style)\b",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True if ``text`` looks like HTML markup rather than plain text.

    >>> looks_like_html("<p>Hello</p>"), looks_like_html("a < b and c > d")
    (True, False)
    """
    head = text[:4096].lstrip()
    if head.startswith("<") and _HTML_RE.match(head):
        return True
    return len(_HTML_RE.findall(head)) >= 2


def clean_html(detector: Detector, html: str) -> Result:
    """Clean an HTML page: see :func:`cleantext.html.pipeline.clean_html`."""
    from .pipeline import clean_html as _clean

    return _clean(detector, html)
