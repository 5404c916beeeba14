"""`cchc sample`: synthetic raw data that only makes test data, never part of the product's pipeline.

`city` (the default: ~140 units, every layout and format of return, truth.json) and `province` (~1,500 units and a
large platform export, for the benchmarks; its returns are the city's layouts, from `city.write_returns_for`).
The generators' parts: `units` (the registry), `people` (names, positions, reasons), `returns` (one writer per
layout), `platform` (the contest export). Nothing here imports the rest of the package but `text`.
"""
from __future__ import annotations

from pathlib import Path

from .city import write_city_sample, write_returns_for

__all__ = ["write_sample", "write_city_sample", "write_returns_for"]


def write_sample(out_dir, seed: int = 0, scale: str = "city") -> Path:
    """Registry, returns, platform export and truth.json in out_dir; returns out_dir."""
    out_dir = Path(out_dir)
    if scale == "province":
        from .province import write_province_sample

        return write_province_sample(out_dir, seed=seed)
    if scale != "city":
        raise ValueError(f"unknown scale {scale!r} (city or province)")
    return write_city_sample(out_dir, seed=seed)
