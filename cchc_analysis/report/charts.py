"""Charts for the reports: matplotlib without pyplot, Vietnamese labels, readable in greyscale.

Each chart function takes a DataFrame and the names of its columns and returns a Figure; `image(fig)`
turns it into an inline PNG for a notebook. Bars carry hatching and their value written on them, so
nothing depends on colour alone.
"""
from __future__ import annotations

import base64
import html
import io
from itertools import cycle

import matplotlib.dates
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure  # no pyplot: no global state, Agg draws the PNG, works without a screen

from .display import YES_NO, Html, fmt_number, fmt_percent

# DejaVu Sans ships with matplotlib and has every Vietnamese glyph.
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.6,
    "savefig.dpi": 110,
}
GREYS = ["#4d4d4d", "#969696", "#cccccc", "#2b2b2b", "#bdbdbd"]
HATCHES = ["///", "...", "xx", "\\\\\\", "++", "oo"]


def _figure(rows: int) -> Figure:
    height = min(max(2.0, 0.25 * rows + 0.9), 11.0)
    return Figure(figsize=(7.2, height), layout="constrained")


def _title(fig: Figure, title: str) -> None:
    # from the figure's left edge, above the long unit names: clear of the target's label over the axes
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=STYLE["font.size"] + 1)


def no_data(title: str) -> Figure:
    """A small figure that says there is nothing to draw yet (no platform export, no absences...)."""
    with rc_context(STYLE):
        fig = Figure(figsize=(7.2, 1.2), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(title, loc="left", fontweight="bold")
        ax.text(0.0, 0.4, "Chưa có dữ liệu để vẽ biểu đồ.", transform=ax.transAxes, style="italic")
    return fig


def rate_bars(df: pd.DataFrame, label: str, rate: str, title: str, target: float = 1.0,
              note: str | None = None) -> Figure:
    """Horizontal bars of a rate (0–1) per label, each bar labelled with its percentage, the target dashed.
    A row without a rate (a unit without a valid return) gets no bar: its `note` (the return status) is written
    where the bar would be, never a bar of 0%."""
    columns = [label, rate] + ([note] if note else [])
    data = df[columns].iloc[::-1]
    data = data[data[rate].notna() | (data[note].notna() if note else False)]
    if data.empty:
        return no_data(title)
    with rc_context(STYLE):
        fig = _figure(len(data))
        ax = fig.add_subplot()
        labels = data[label].astype(str).tolist()
        values = data[rate].astype(float).fillna(0.0).tolist()
        has_rate = data[rate].notna().tolist()
        bars = ax.barh(labels, [v if ok else 0.0 for v, ok in zip(values, has_rate)], color=GREYS[2],
                       edgecolor="black", hatch=HATCHES[0], linewidth=0.6)
        texts = [fmt_percent(v) if ok else f"— {data[note].iloc[i]}" if note else "—"
                 for i, (v, ok) in enumerate(zip(values, has_rate))]
        ax.bar_label(bars, labels=texts, padding=3)  # as the table beside it prints
        ax.axvline(target, color="black", linestyle="--", linewidth=1)
        ax.text(target, 1.0, f" Chỉ tiêu {fmt_percent(target, 0)}", transform=ax.get_xaxis_transform(),
                va="bottom", ha="center", fontsize=8)
        ax.set_xlim(0, max([target, *values]) * 1.18 if values else 1.2)
        ax.xaxis.set_major_formatter(lambda x, _pos: fmt_percent(x, 0))
        _title(fig, title)
    return fig


def count_bars(df: pd.DataFrame, label: str, count: str, title: str, hatch_by: str | None = None,
               legend_title: str = "") -> Figure:
    """Horizontal bars of a count per label with the number written on each; hatching tells `hatch_by` groups apart."""
    data = df[[c for c in (label, count, hatch_by) if c]].dropna(subset=[count]).iloc[::-1]
    if data.empty:
        return no_data(title)
    with rc_context(STYLE):
        fig = _figure(len(data))
        ax = fig.add_subplot()
        if hatch_by and pd.api.types.is_bool_dtype(data[hatch_by]):
            data = data.assign(**{hatch_by: data[hatch_by].map(YES_NO)})
        kinds = list(dict.fromkeys(data[hatch_by].tolist())) if hatch_by else [None]
        styles = dict(zip(kinds, zip(cycle(HATCHES), cycle(GREYS[1:]))))
        for kind in kinds:
            part = data if kind is None else data[data[hatch_by] == kind]
            hatch, colour = styles[kind]
            bars = ax.barh(part[label].astype(str).tolist(), part[count].astype(float).tolist(), color=colour,
                           edgecolor="black", hatch=hatch, linewidth=0.6, label=None if kind is None else str(kind))
            ax.bar_label(bars, labels=[fmt_number(v) for v in part[count]], padding=3)
        if hatch_by:
            ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), title=legend_title)
        ax.set_xlim(0, max(float(data[count].max()), 1.0) * 1.2)
        ax.xaxis.set_major_formatter(lambda x, _pos: fmt_number(x))  # 1.500, not 1,500
        _title(fig, title)
    return fig


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes (drawn under the chart style, so the font is the one with Vietnamese glyphs)."""
    with rc_context(STYLE):
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def image(fig: Figure) -> Html:
    """The figure as an inline PNG with its title as alternative text (screen readers, broken images)."""
    title = fig.get_suptitle() or next((ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")),
                                       "Biểu đồ")
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    return Html(f'<img class="cchc-chart" src="data:image/png;base64,{data}" alt="{html.escape(title)}"/>', title)


def day_rate_axes(ax, day_locator) -> None:
    """A panel of rates by day: rates as 45%, days as dd/mm at the given ticks, small labels."""
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt_percent(v, 0))
    ax.xaxis.set_major_locator(day_locator)
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d/%m"))
    ax.tick_params(labelsize=7)


def progress_panels(df: pd.DataFrame, day: str, value: str, series: str, title: str, target: float | None = 1.0,
                    reference: str | None = None, columns: int = 3) -> Figure:
    """One small panel per series (a group), its cumulative line solid and the reference series (the city)
    dotted in every panel, the end value written at the line's end: many groups stay readable in grey."""
    data = df.dropna(subset=[value]).assign(**{day: lambda d: pd.to_datetime(d[day])}).sort_values(day)
    names = [n for n in dict.fromkeys(data[series].tolist()) if n != reference]
    if not names:
        return no_data(title)
    ref = data[data[series] == reference] if reference is not None else data.iloc[0:0]
    rows = max(1, -(-len(names) // columns))
    with rc_context(STYLE):
        fig = Figure(figsize=(7.2, 0.4 + 1.9 * rows), layout="constrained")
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
        axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).ravel()
        for ax, name in zip(axes, names):
            part = data[data[series] == name]
            if len(ref):
                ax.plot(ref[day], ref[value], linestyle=":", color="black", linewidth=1, label=str(reference))
            ax.plot(part[day], part[value], linestyle="-", color="black", linewidth=1.4)
            if len(part):
                end = float(part[value].iloc[-1])
                ax.annotate(fmt_percent(end, 0), (part[day].iloc[-1], end), xytext=(2, -10),
                            textcoords="offset points", fontsize=7, ha="right")
            if target is not None:
                ax.axhline(target, color="black", linestyle="--", linewidth=0.6)
            ax.set_title(str(name), fontsize=8, loc="left")
            day_rate_axes(ax, matplotlib.dates.DayLocator(interval=7))
        for ax in axes[len(names):]:
            ax.set_visible(False)
        if len(ref) and names:
            axes[0].legend(frameon=False, fontsize=7, loc="lower right")
    return fig


def cumulative_progress(df: pd.DataFrame, day: str, value: str, series: str, title: str, window_start, window_end,
                        target: float = 1.0, city: str | None = None, columns: int = 3) -> Figure:
    """Cumulative participation by day: one panel for the city then one per group, each line solid black
    against the target (dashed), the city dotted in every group's panel, the contest's last day marked and
    the days still to run shaded; the value reached written at the line's end (Vietnamese format, 45,8%)."""
    data = df.dropna(subset=[value]).assign(**{day: lambda d: pd.to_datetime(d[day])})
    names = list(dict.fromkeys(data[series].tolist()))  # in the frame's order (the registry's groups)
    data = data.sort_values(day, kind="stable")
    if not names:
        return no_data(title)
    if city in names:  # the city first: the figure leadership reads before the groups
        names = [city, *[n for n in names if n != city]]
    ref = data[data[series] == city] if city is not None else data.iloc[0:0]
    first = pd.Timestamp(pd.Timestamp(window_start).date())
    last = pd.Timestamp(pd.Timestamp(window_end).date())
    reached = data[day].max()
    rows = max(1, -(-len(names) // columns))
    with rc_context(STYLE):
        fig = Figure(figsize=(7.2, 0.7 + 1.75 * rows), layout="constrained")
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
        axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).ravel()
        for ax, name in zip(axes, names):
            part = data[data[series] == name]
            if reached < last:  # the days still to run
                ax.axvspan(reached, last, color="#e6e6e6", linewidth=0)
            ax.axhline(target, color="black", linestyle="--", linewidth=0.7)
            ax.axvline(last, color="black", linestyle="-.", linewidth=0.8)
            if len(ref) and name != city:
                ax.plot(ref[day], ref[value], linestyle=":", color="black", linewidth=1, label=str(city))
            ax.plot(part[day], part[value], linestyle="-", color="black", linewidth=1.8 if name == city else 1.3,
                    label=None if name == city else "Khối")
            if len(part):
                end = float(part[value].iloc[-1])
                ax.annotate(fmt_percent(end, 1), (part[day].iloc[-1], end), xytext=(-2, 4),
                            textcoords="offset points", fontsize=7, ha="right", fontweight="bold")
            ax.set_title(str(name), fontsize=8, loc="left", fontweight="bold" if name == city else "normal")
            ax.set_xlim(first, last + pd.Timedelta(days=1))
            ax.set_ylim(0, max(target, float(data[value].max())) * 1.12)
            day_rate_axes(ax, matplotlib.dates.DayLocator(bymonthday=[1, 8, 15, 22]))
        for ax in axes[len(names):]:
            ax.set_visible(False)
        axes[0].text(last, target, f"Chỉ tiêu {fmt_percent(target, 0)} ", ha="right", va="bottom", fontsize=6.5)
        axes[0].text(last, target * 0.55, f"Kết thúc {last:%d/%m}", rotation=90, ha="right", va="center",
                     fontsize=6.5)
        if len(ref) and len(names) > 1:
            axes[1].legend(frameon=False, fontsize=6.5, loc="upper left")
    return fig
