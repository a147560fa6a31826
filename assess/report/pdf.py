"""HTML to PDF with WeasyPrint; the only module that imports it.

WeasyPrint's default fetcher follows any URL: it would make network requests for `<img src=http...>`
and embed local files named by `<link rel=attachment href=file:///...>`. The report needs neither,
so `AssetsOnlyFetcher` allows `data:` URLs and files inside the report assets folder and refuses
everything else (WeasyPrint then skips the resource). Attachments from the content are dropped as well,
so nothing can smuggle a file into the PDF even from inside the assets folder: the one attachment a report
carries is the one `render_pdf` is given (its run, as JSON).
"""

from __future__ import annotations

import gc
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher


class RefusedURL(ValueError):
    """The report renderer fetches only data: URLs and its own assets."""


class AssetsOnlyFetcher(URLFetcher):
    def __init__(self, assets: Path) -> None:
        super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False)
        self._assets = assets.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise RefusedURL(f"refused {url}: not a local file")
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self._assets) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        raise RefusedURL(f"refused {url}: the report loads only data: URLs and its own assets")


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """WeasyPrint builds a large box tree that lives until the PDF is written; Python's cycle collector walks
    it again and again while it grows, about a sixth of a report's CPU time (0.3 s of 1.8 s, measured), to
    free nothing. Off for the render, it costs under 2 MB of peak memory; it is back on afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_pdf(html: str, *, assets: Path, metadata: dict[str, str] | None = None,
               attachment: tuple[str, bytes] | None = None) -> bytes:
    """The PDF of `html`; `metadata` (title, subject, creator, keywords) becomes its document information, and
    `attachment` (a file name and its content) its only attached file."""
    # WeasyPrint logs every refused URL and unsupported CSS property as a warning; a report
    # containing hostile evidence text should not spam the terminal about what was refused.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = AssetsOnlyFetcher(assets)
    with _without_cycle_collection():
        return _render(html, assets, fetcher, metadata, attachment)


def _render(html: str, assets: Path, fetcher: AssetsOnlyFetcher, metadata: dict[str, str] | None,
            attachment: tuple[str, bytes] | None) -> bytes:
    document = weasyprint.HTML(string=html, base_url=assets.as_uri() + "/", url_fetcher=fetcher).render()
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    if attachment is not None:
        name, content = attachment
        document.metadata.attachments = [
            weasyprint.Attachment(file_obj=io.BytesIO(content), url_fetcher=fetcher, name=name,
                                  description="The assessment run this report shows, for `assess import`")
        ]
    if metadata:
        document.metadata.title = metadata.get("title", document.metadata.title)
        document.metadata.description = metadata.get("subject", document.metadata.description)
        document.metadata.generator = metadata.get("creator", document.metadata.generator)
        if "keywords" in metadata:
            document.metadata.keywords = [k.strip() for k in metadata["keywords"].split(",")]
    pdf = document.write_pdf()
    assert pdf is not None
    return pdf
