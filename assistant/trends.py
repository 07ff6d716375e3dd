"""成绩与进步 as inline SVG: a point per session from the first one on, formal and practice apart, and one
small chart per 职业功能 (no plotting library, works offline and in the report alike)."""

from __future__ import annotations

import html

W, H, PAD = 560, 200, 34
SERIES = {"正式": "#2563eb", "练习": "#f59e0b"}


def _xy(n: int, count: int, score: float, width: int = W, height: int = H) -> tuple[float, float]:
    span = max(1, count - 1)
    x = PAD + (width - 2 * PAD) * (n / span if count > 1 else 0.5)
    return x, height - PAD - (height - 2 * PAD) * score / 100


def _axes(width: int, height: int, count: int) -> str:
    out = [f'<line x1="{PAD}" y1="{height - PAD}" x2="{width - PAD}" y2="{height - PAD}" stroke="#999"/>']
    y60 = height - PAD - (height - 2 * PAD) * 0.6
    out.append(f'<line x1="{PAD}" y1="{y60:.1f}" x2="{width - PAD}" y2="{y60:.1f}" stroke="#dc2626" '
               'stroke-dasharray="4 3"/><text x="2" y="{:.1f}" font-size="11" fill="#dc2626">60</text>'.format(y60 + 4))
    for n in range(count):
        x, _ = _xy(n, count, 0, width, height)
        out.append(f'<text x="{x:.1f}" y="{height - PAD + 16}" font-size="11" text-anchor="middle">第{n + 1}场</text>')
    return "".join(out)


def _series(points: list[tuple[int, float]], count: int, color: str, label: str, width: int = W,
            height: int = H) -> str:
    xy = [_xy(n, count, s, width, height) for n, s in points]
    line = (f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in xy)}" fill="none" stroke="{color}" '
            'stroke-width="2"/>') if len(xy) > 1 else ""
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{color}"><title>{label} 第{n + 1}场：{s}</title>'
                   f'</circle><text x="{x:.1f}" y="{y - 9:.1f}" font-size="11" text-anchor="middle">{s:.0f}</text>'
                   for (n, s), (x, y) in zip(points, xy))
    return line + dots


def totals_svg(sessions: list[dict]) -> str:
    count = len(sessions)
    parts = [_axes(W, H, count)]
    for kind, color in SERIES.items():
        pts = [(n, s["total"]) for n, s in enumerate(sessions) if ("练习" if s["practice"] else "正式") == kind]
        if pts:
            parts.append(_series(pts, count, color, kind))
    legend = "".join(f'<rect x="{W - 150 + 70 * i}" y="4" width="10" height="10" fill="{c}"/>'
                     f'<text x="{W - 136 + 70 * i}" y="13" font-size="12">{k}</text>' for i, (k, c) in enumerate(SERIES.items()))
    return f'<svg width="{W}" height="{H}" role="img" aria-label="总分趋势">{legend}{"".join(parts)}</svg>'


def functions_svg(sessions: list[dict], width: int = 270, height: int = 150) -> str:
    """One small chart per 职业功能 that any session asked about."""
    names = list(dict.fromkeys(fn for s in sessions for fn in s["functions"]))
    count = len(sessions)
    charts = []
    for fn in names:
        pts = [(n, s["functions"][fn]) for n, s in enumerate(sessions) if fn in s["functions"]]
        charts.append(f'<figure style="display:inline-block;margin:4px"><figcaption style="font-size:13px">'
                      f'{html.escape(fn)}</figcaption><svg width="{width}" height="{height}" role="img" '
                      f'aria-label="{html.escape(fn)}得分趋势">{_axes(width, height, count)}'
                      f'{_series(pts, count, "#16a34a", fn, width, height)}</svg></figure>')
    return "".join(charts)
