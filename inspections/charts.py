"""Bar charts drawn on the server: SVG for the page (each bar a link to the inspections
behind it) and PNG for the annual report.  Pure: no Flask, no database.

The numbers of every chart are also in an accessible table beside it; the SVG itself has
a title and is labelled by it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

PALETTE = ("#0d6efd", "#198754", "#6f42c1", "#dc3545", "#fd7e14", "#20c997")


@dataclass(frozen=True)
class Bar:
    value: int
    href: str = ""


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def svg(title: str, series: list[str], groups: list[Group], *, chart_id: str,
        width: int = 760) -> str:
    """A horizontal grouped bar chart."""
    bar_h, gap, label_w, legend_h = 12, 10, 260, 22 * ((len(series) + 2) // 3)
    top = 28 + legend_h
    height = top + max(1, len(groups)) * (bar_h * len(series) + gap) + 10
    peak = max([b.value for g in groups for b in g.bars] + [1])
    scale = (width - label_w - 50) / peak
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
           f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{chart_id}-t">',
           f'<title id="{chart_id}-t">{escape(title)}</title>']
    for i, name in enumerate(series):
        x, y = 10 + (i % 3) * 250, 10 + (i // 3) * 22
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" '
                   f'fill="{PALETTE[i % len(PALETTE)]}"/>')
        out.append(f'<text x="{x + 18}" y="{y + 11}" font-size="12">{escape(name)}</text>')
    y = top
    for g in groups:
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h * len(series) / 2 + 4:.0f}" '
                   f'font-size="12" text-anchor="end">{escape(_short(g.label))}</text>')
        for i, b in enumerate(g.bars):
            w = max(b.value * scale, 1 if b.value else 0)
            rect = (f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                    f'fill="{PALETTE[i % len(PALETTE)]}"/>'
                    f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 3}" '
                    f'font-size="11">{b.value}</text>')
            if b.href and b.value:
                rect = (f'<a href="{escape(b.href)}" aria-label="{escape(g.label)}: '
                        f'{escape(series[i])}: {b.value}">{rect}</a>')
            out.append(rect)
            y += bar_h
        y += gap
    out.append("</svg>")
    return "".join(out)


def png(title: str, series: list[str], groups: list[Group], *, width: int = 1200) -> bytes:
    """The same chart as a PNG image (for the annual report)."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 18)
        small = ImageFont.truetype("DejaVuSans.ttf", 16)
    except OSError:
        try:
            font = ImageFont.truetype(
                "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", 18)
            small = font
        except OSError:
            font = small = ImageFont.load_default()
    bar_h, gap, label_w = 20, 14, 420
    legend_h = 30 * ((len(series) + 2) // 3)
    top = 50 + legend_h
    height = top + max(1, len(groups)) * (bar_h * len(series) + gap) + 20
    peak = max([b.value for g in groups for b in g.bars] + [1])
    scale = (width - label_w - 80) / peak
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((10, 10), title, fill="black", font=font)
    for i, name in enumerate(series):
        x, y = 10 + (i % 3) * 390, 44 + (i // 3) * 30
        draw.rectangle([x, y, x + 16, y + 16], fill=PALETTE[i % len(PALETTE)])
        draw.text((x + 24, y - 2), _short(name, 30), fill="black", font=small)
    y = top
    for g in groups:
        draw.text((10, y + bar_h * len(g.bars) / 2 - 9), _short(g.label, 40), fill="black",
                  font=small)
        for i, b in enumerate(g.bars):
            w = b.value * scale
            if b.value:
                draw.rectangle([label_w, y, label_w + max(w, 2), y + bar_h - 4],
                               fill=PALETTE[i % len(PALETTE)])
            draw.text((label_w + w + 6, y - 1), str(b.value), fill="black", font=small)
            y += bar_h
        y += gap
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
