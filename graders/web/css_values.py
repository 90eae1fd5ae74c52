"""CSS values compared the way a browser means them: ``#1e3a8a`` is ``rgb(30, 58, 138)``,
``navy`` is ``#000080``, ``1rem`` is ``16px`` and ``bold`` is ``700``.

Runs on the host: expected values from ``tests.toml`` are compared here with the computed
values the browser reported, so they never enter the sandbox.
"""

from __future__ import annotations

import re

ROOT_FONT_PX = 16.0
LENGTH_TOLERANCE_PX = 0.5
_NAMED = """
aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige f5f5dc
bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2 brown a52a2a
burlywood deb887 cadetblue 5f9ea0 chartreuse 7fff00 chocolate d2691e coral ff7f50
cornflowerblue 6495ed cornsilk fff8dc crimson dc143c cyan 00ffff darkblue 00008b
darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9
darkkhaki bdb76b darkmagenta 8b008b darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc
darkred 8b0000 darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f
darkslategrey 2f4f4f darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493 deepskyblue 00bfff
dimgray 696969 dimgrey 696969 dodgerblue 1e90ff firebrick b22222 floralwhite fffaf0
forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc ghostwhite f8f8ff gold ffd700
goldenrod daa520 gray 808080 green 008000 greenyellow adff2f grey 808080 honeydew f0fff0
hotpink ff69b4 indianred cd5c5c indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa
lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080
lightcyan e0ffff lightgoldenrodyellow fafad2 lightgray d3d3d3 lightgreen 90ee90
lightgrey d3d3d3 lightpink ffb6c1 lightsalmon ffa07a lightseagreen 20b2aa lightskyblue 87cefa
lightslategray 778899 lightslategrey 778899 lightsteelblue b0c4de lightyellow ffffe0
lime 00ff00 limegreen 32cd32 linen faf0e6 magenta ff00ff maroon 800000
mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3 mediumpurple 9370db
mediumseagreen 3cb371 mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc
mediumvioletred c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5
navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange ffa500
orangered ff4500 orchid da70d6 palegoldenrod eee8aa palegreen 98fb98 paleturquoise afeeee
palevioletred db7093 papayawhip ffefd5 peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd
powderblue b0e0e6 purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f
royalblue 4169e1 saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57
seashell fff5ee sienna a0522d silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090
slategrey 708090 snow fffafa springgreen 00ff7f steelblue 4682b4 tan d2b48c teal 008080
thistle d8bfd8 tomato ff6347 turquoise 40e0d0 violet ee82ee wheat f5deb3 white ffffff
whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32
""".split()
NAMED_COLORS = dict(zip(_NAMED[::2], _NAMED[1::2], strict=True))
FONT_WEIGHTS = {"normal": "400", "bold": "700"}
SHORTHANDS = {
    "padding": ("padding-top", "padding-right", "padding-bottom", "padding-left"),
    "margin": ("margin-top", "margin-right", "margin-bottom", "margin-left"),
    "inset": ("top", "right", "bottom", "left"),
}
_RGB = re.compile(r"^rgba?\((.*)\)$")
_LENGTH = re.compile(r"^(-?\d*\.?\d+)(px|rem|pt|em)?$")
_UNITS = {"px": 1.0, "rem": ROOT_FONT_PX, "pt": 4 / 3, None: 1.0}

Color = tuple[int, int, int, float]


def parse_color(text: str) -> Color | None:
    """A colour written as a name, ``#rgb``, ``#rrggbb(aa)`` or ``rgb()``/``rgba()``."""
    value = text.strip().lower()
    if value == "transparent":
        return (0, 0, 0, 0.0)
    value = "#" + NAMED_COLORS[value] if value in NAMED_COLORS else value
    if value.startswith("#") and len(value) in (4, 5, 7, 9):
        digits = value[1:]
        if len(digits) <= 4:
            digits = "".join(c * 2 for c in digits)
        try:
            channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        except ValueError:
            return None
        alpha = channels[3] / 255 if len(channels) == 4 else 1.0
        return (channels[0], channels[1], channels[2], round(alpha, 3))
    match = _RGB.match(value)
    if match is None:
        return None
    parts = [p for p in re.split(r"[\s,/]+", match.group(1)) if p]
    if len(parts) not in (3, 4):
        return None
    try:
        rgb = [
            round(float(p[:-1]) * 2.55) if p.endswith("%") else round(float(p)) for p in parts[:3]
        ]
        alpha = (
            float(parts[3].rstrip("%")) / (100 if parts[3].endswith("%") else 1)
            if len(parts) == 4
            else 1.0
        )
    except ValueError:
        return None
    return (rgb[0], rgb[1], rgb[2], round(alpha, 3))


def parse_length(text: str, font_px: float = ROOT_FONT_PX) -> float | None:
    """A length in px: ``16px``, ``1rem`` (16 px), ``12pt``, ``1em`` (the element's font size), ``0``."""
    match = _LENGTH.match(text.strip().lower())
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit is None and number != 0:
        return None
    return number * (font_px if unit == "em" else _UNITS[unit])


def _tokens(text: str) -> list[str]:
    """Split a value on spaces and commas that are outside parentheses."""
    tokens, depth, current = [], 0, ""
    for char in text.strip():
        depth += (char == "(") - (char == ")")
        if depth == 0 and (char.isspace() or char == ","):
            if current:
                tokens.append(current)
            current = ""
        else:
            current += char
    return [*tokens, current] if current else tokens


def _same_token(expected: str, got: str, font_px: float) -> bool:
    want, have = parse_color(expected), parse_color(got)
    if want is not None and have is not None:
        return want[:3] == have[:3] and abs(want[3] - have[3]) < 0.01
    want_px, have_px = parse_length(expected, font_px), parse_length(got, font_px)
    if want_px is not None and have_px is not None:
        return abs(want_px - have_px) <= LENGTH_TOLERANCE_PX
    return expected.strip("\"'").lower() == got.strip("\"'").lower()


def same_value(prop: str, expected: str, got: str, font_px: float = ROOT_FONT_PX) -> bool:
    """Whether a computed value matches what the trainer wrote, as CSS means it."""
    if prop == "font-weight":
        expected = FONT_WEIGHTS.get(expected.strip().lower(), expected)
    want, have = _tokens(str(expected)), _tokens(str(got))
    return len(want) == len(have) and all(
        _same_token(w, h, font_px) for w, h in zip(want, have, strict=True)
    )


def expand(prop: str, value: str) -> dict[str, str]:
    """Longhands of ``padding``, ``margin`` and ``inset`` (1 to 4 values), else the property itself."""
    sides = SHORTHANDS.get(prop)
    parts = _tokens(value)
    if sides is None or not 1 <= len(parts) <= 4:
        return {prop: value}
    top, right, bottom, left = {
        1: (0, 0, 0, 0),
        2: (0, 1, 0, 1),
        3: (0, 1, 2, 1),
        4: (0, 1, 2, 3),
    }[len(parts)]
    return dict(zip(sides, (parts[top], parts[right], parts[bottom], parts[left]), strict=True))


def show(prop: str, value: str) -> str:
    """How a computed value is shown to the learner (colours also in hex)."""
    color = parse_color(value) if "color" in prop else None
    if color is not None and color[3] == 1.0:
        return f"{value} (#{color[0]:02x}{color[1]:02x}{color[2]:02x})"
    return value or "(vide)"
