"""Build directory/rules/county_shapes.py: New Mexico's 33 counties as small SVG paths.

Run once, by hand, when the boundaries should change (never at runtime):

    npm install --prefix /tmp/usatlas us-atlas
    python tools/build_county_map.py /tmp/usatlas/node_modules/us-atlas/counties-albers-10m.json

Source: the U.S. Census Bureau's cartographic boundary files (2017, 1:10,000,000), which
as a work of the U.S. government are in the public domain; `us-atlas` (ISC licence,
Mike Bostock) carries them as TopoJSON already projected with d3.geoAlbersUsa, so New
Mexico comes out in the equal-area projection people know from national maps.

Each shared border is one TopoJSON arc, simplified once (Douglas-Peucker) and used by
both counties beside it, so neighbouring shapes still meet without gaps or overlaps.
Paths are written with whole-number relative coordinates, which keeps the whole map
to a few kilobytes. Standard library only.
"""

import argparse
import json
import math
import unicodedata
from pathlib import Path

NEW_MEXICO_FIPS = "35"
WIDTH = 400  # of the viewBox; the height follows from the state's shape
TOLERANCE = 0.9  # in viewBox units: the largest distance a simplified border may move
LABEL_AREA = 500  # square viewBox units: a smaller county (Los Alamos) gets no label
OUTPUT = Path(__file__).resolve().parent.parent / "directory" / "rules" / "county_shapes.py"


def slug(name: str) -> str:
    """"Doña Ana" -> "dona-ana", the vocabulary's county slugs (directory/vocab.py)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "-")


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded arcs as absolute projected coordinates."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplified(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, endpoints kept (they are where three counties meet)."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    length = math.hypot(bx - ax, by - ay)
    farthest, index = 0.0, 0
    for i, (px, py) in enumerate(points[1:-1], start=1):
        if length:
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        else:
            distance = math.hypot(px - ax, py - ay)
        if distance > farthest:
            farthest, index = distance, i
    if farthest <= tolerance:
        return [points[0], points[-1]]
    return simplified(points[: index + 1], tolerance)[:-1] + simplified(points[index:], tolerance)


def ring_points(ring: list[int], arcs: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    deduplicated = [points[0]]
    for point in points[1:]:
        if point != deduplicated[-1]:
            deduplicated.append(point)
    return deduplicated[:-1] if deduplicated[0] == deduplicated[-1] else deduplicated


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """Relative moves and lines with whole numbers: "m12 34 5-6 7 8z"."""
    parts = []
    x = y = 0
    for ring in rings:
        commands = []
        for px, py in ring:
            commands.append(f"{px - x} {py - y}".replace(" -", "-"))
            x, y = px, py
        x, y = ring[0]  # "z" returns to the ring's first point
        parts.append("m" + " ".join(commands).replace(" -", "-") + "z")
    return "".join(parts)


def signed_area_and_centroid(ring: list[tuple[int, int]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    return area, cx / (6 * area), cy / (6 * area)


def build(topology_path: Path) -> str:
    topology = json.loads(topology_path.read_text())
    counties = [
        geometry
        for geometry in topology["objects"]["counties"]["geometries"]
        if geometry["id"].startswith(NEW_MEXICO_FIPS)
    ]
    arcs = decoded_arcs(topology)
    polygons = {
        geometry["id"]: geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for geometry in counties
    }
    used = {
        index if index >= 0 else ~index
        for rings in polygons.values()
        for ring in rings
        for arc in ring
        for index in arc
    }
    xs = [x for index in used for x, _ in arcs[index]]
    ys = [y for index in used for _, y in arcs[index]]
    left, top = min(xs), min(ys)
    scale = WIDTH / (max(xs) - left)
    height = math.ceil((max(ys) - top) * scale)

    shapes = {}
    for index in used:
        projected = [((x - left) * scale, (y - top) * scale) for x, y in arcs[index]]
        rounded = [(round(x), round(y)) for x, y in simplified(projected, TOLERANCE)]
        arcs[index] = rounded
    for geometry in counties:
        rings = [ring_points(ring, arcs) for polygon in polygons[geometry["id"]] for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 3]
        # The label sits at the centroid of the largest ring (Sandoval has a small exclave).
        area, label_x, label_y = max((signed_area_and_centroid(ring) for ring in rings), key=lambda a: abs(a[0]))
        label = (round(label_x), round(label_y)) if abs(area) >= LABEL_AREA else None
        shapes[slug(geometry["properties"]["name"])] = (path_data(rings), label)

    lines = [
        '"""GENERATED by tools/build_county_map.py from us-atlas counties-albers-10m.json: do not edit.',
        "",
        "New Mexico's counties from the U.S. Census Bureau's 2017 cartographic boundary files",
        "(public domain), projected Albers equal-area. slug -> (SVG path data, label (x, y) or None).",
        '"""',
        "",
        f'VIEWBOX = "0 0 {WIDTH} {height}"',
        "",
        "SHAPES: dict[str, tuple[str, tuple[int, int] | None]] = {",
    ]
    for name in sorted(shapes):
        path, label = shapes[name]
        lines.append(f'    "{name}": (')
        lines.append(f'        "{path}",')
        lines.append(f"        {label},")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("topology", type=Path, help="us-atlas's counties-albers-10m.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    arguments.output.write_text(build(arguments.topology))
    print(f"wrote {arguments.output} ({arguments.output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
