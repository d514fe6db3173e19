"""Coordinates for the planner's hourly chart, drawn as inline SVG by the template (no
script, so it prints and passes the page's content-security policy)."""

WIDTH, HEIGHT, PAD = 720, 220, 32


def hourly_chart(hours, *, available: int) -> dict:
    """Bars: counters needed per hour with universal employees (pooled) and with one queue per
    service (dedicated); a line: the counters the plan seats."""
    top = max([available, *(h.dedicated for h in hours), 1])
    step = (WIDTH - 2 * PAD) / max(1, len(hours))
    scale = (HEIGHT - 2 * PAD) / top

    def y(value: float) -> float:
        return round(HEIGHT - PAD - value * scale, 1)

    bars = [
        {
            "hour": h.hour,
            "x": round(PAD + i * step + step * 0.15, 1),
            "width": round(step * 0.35, 1),
            "x2": round(PAD + i * step + step * 0.5, 1),
            "pooled": h.pooled,
            "dedicated": h.dedicated,
            "pooled_y": y(h.pooled),
            "pooled_height": round(h.pooled * scale, 1),
            "dedicated_y": y(h.dedicated),
            "dedicated_height": round(h.dedicated * scale, 1),
            "label_x": round(PAD + (i + 0.5) * step, 1),
        }
        for i, h in enumerate(hours)
    ]
    ticks = sorted({0, top // 2, top})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "pad": PAD,
        "bars": bars,
        "available_y": y(available),
        "available": available,
        "right": WIDTH - PAD,
        "baseline": HEIGHT - PAD,
        "ticks": [{"value": t, "y": y(t)} for t in ticks],
    }
