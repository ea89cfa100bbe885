"""The service certificate (志愿服务证明) as a PDF, drawn with reportlab from the frozen
Certificate snapshot, so the same certificate always prints the same.

Chinese must render on a machine with no fonts installed: by default the text uses
reportlab's built-in CID font STSong-Light (Adobe's Asian font pack, which PDF readers
supply; no font file needed, and the text stays extractable). When a TrueType CJK font is
available (CERTIFICATE_FONT in the settings or the environment, or a usual Debian path) it is embedded
instead, so the PDF looks the same everywhere.
"""

from __future__ import annotations

import datetime
import io
import os
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from community.validators import mask_id_number

from .models import Certificate

CID_FONT = "STSong-Light"
# TrueType (glyf) CJK fonts reportlab can embed; Noto CJK is OpenType/CFF, which it cannot.
TTF_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
_font_name: str | None = None


def certificate_font() -> str:
    """Register and return the font the certificate is set in (once per process)."""
    global _font_name
    if _font_name is not None:
        return _font_name
    # The CERTIFICATE_FONT setting or environment variable names a TrueType CJK font file.
    configured = getattr(settings, "CERTIFICATE_FONT", "") or os.environ.get("CERTIFICATE_FONT", "")
    for path in ([configured] if configured else []) + list(TTF_CANDIDATES):
        if not path or not os.path.exists(path):
            continue
        try:
            pdfmetrics.registerFont(TTFont("CertificateCJK", path, subfontIndex=0))
        except (TTFError, OSError, ValueError):
            continue
        _font_name = "CertificateCJK"
        return _font_name
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    _font_name = CID_FONT
    return _font_name


def _date(value: datetime.date | str | None) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return _("{year}-{month:02d}-{day:02d}").format(year=value.year, month=value.month, day=value.day)


def _hours(value: Decimal | str) -> str:
    number = Decimal(value).normalize()
    return f"{number:f}"


def verification_url(site_url: str, code: str) -> str:
    return f"{site_url.rstrip('/')}/verify/{code}/"


def render_certificate_pdf(certificate: Certificate, *, site_url: str | None = None) -> bytes:
    """The certificate as PDF bytes. It is an official Chinese document, so it is always
    set in Simplified Chinese whatever the reader's interface language."""
    with translation.override("zh-hans"):
        return _render(certificate, site_url or settings.SITE_URL)


def _render(certificate: Certificate, site_url: str) -> bytes:
    font = certificate_font()
    volunteer = certificate.volunteer
    base = ParagraphStyle("base", fontName=font, fontSize=11.5, leading=19, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=24, leading=32, alignment=TA_CENTER, spaceAfter=4 * mm)
    right = ParagraphStyle("right", parent=base, fontSize=10, alignment=TA_RIGHT)
    body = ParagraphStyle("body", parent=base, fontSize=12.5, leading=23, firstLineIndent=25)
    cell = ParagraphStyle("cell", parent=base, fontSize=10.5, leading=15)
    small = ParagraphStyle("small", parent=base, fontSize=9.5, leading=14, textColor=colors.HexColor("#333333"))

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text), style)

    id_masked = mask_id_number(volunteer.id_number) or "—"
    story = [
        p(_("Certificate No. {number}").format(number=certificate.number), right),
        Spacer(1, 6 * mm),
        p(_("Volunteer service certificate"), title),
        p(
            _(
                "This is to certify that {name} ({id_type}: {id_number}; volunteer number {volunteer_number}), "
                "registered as a volunteer on {registered}, has {total} hours of confirmed volunteer service "
                "in total as of {issued}."
            ).format(
                name=volunteer.name,
                id_type=volunteer.get_id_type_display(),
                id_number=id_masked,
                volunteer_number=volunteer.national_number or volunteer.volunteer_number,
                registered=_date(volunteer.registered_on),
                total=_hours(certificate.total_hours),
                issued=_date(certificate.issued_on),
            ),
            body,
        ),
        p(
            _(
                "From {start} to {end} they took part in {count} volunteer service activities, "
                "{hours} hours in all, as listed below."
            ).format(
                start=_date(certificate.period_start),
                end=_date(certificate.period_end),
                count=len(certificate.activities),
                hours=_hours(certificate.period_hours),
            ),
            body,
        ),
        Spacer(1, 3 * mm),
    ]

    rows = [[p(_("Date"), cell), p(_("Activity"), cell), p(_("Place"), cell), p(_("Hours"), cell)]]
    for item in certificate.activities:
        rows.append(
            [
                p(item.get("date") or "—", cell),  # ISO dates keep the column narrow
                p(item.get("title", ""), cell),
                p(item.get("place", "") or "—", cell),
                p(_hours(item.get("hours", "0")), cell),
            ]
        )
    if len(rows) == 1:
        rows.append([p("—", cell), p(_("No confirmed service in this period."), cell), p("", cell), p("0", cell)])
    table = LongTable(rows, colWidths=[26 * mm, 76 * mm, 50 * mm, 18 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story += [table, Spacer(1, 5 * mm)]

    issuer_rows = [
        [p(_("Issued by: {issuer}").format(issuer=certificate.issuer_name))],
        [p(_("Person in charge: {name}").format(name=certificate.person_in_charge or "________"))],
        [p(_("Handled by: {name}").format(name=certificate.handler or "________"))],
        [p(_("Contact phone: {phone}").format(phone=certificate.contact_phone or "—"))],
        [p(_("Date of issue: {date}").format(date=_date(certificate.issued_on)))],
    ]
    url = verification_url(site_url, certificate.verification_code)
    qr = QrCodeWidget(url)
    x0, y0, x1, y1 = qr.getBounds()
    size = 30 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    footer = Table(
        [[Table(issuer_rows, colWidths=[120 * mm]), drawing]],
        colWidths=[130 * mm, 40 * mm],
    )
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    # The closing lines stay on one page with the issuer, never alone at the top of the next.
    closing = [
        p(_("This is hereby certified."), body),
        Spacer(1, 6 * mm),
        footer,
        Spacer(1, 5 * mm),
        p(_("Verification code: {code}").format(code=certificate.verification_code), base),
        p(_("Anyone can check this certificate at {url}").format(url=url), small),
        p(
            _(
                "Service hours are recorded under the Measures for Volunteer Service Records and the "
                "Measures for Volunteer Service Records and Certificates (Trial); travel time is not counted."
            ),
            small,
        ),
    ]
    story.append(KeepTogether(closing))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Volunteer service certificate") + " " + certificate.number,
        author=certificate.issuer_name,
    )
    page_label = _("Certificate No. {number}, page {page}")

    def number_pages(canvas, doc) -> None:
        # Every page carries the certificate number, so loose pages still belong together.
        canvas.saveState()
        canvas.setFont(font, 8.5)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, page_label.format(number=certificate.number, page=doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    return buffer.getvalue()
