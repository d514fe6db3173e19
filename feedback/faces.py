"""The five satisfaction faces, drawn as inline SVG (no emoji font needed on kiosks/tablets).

Colours run from red to green; each is paired with a dark stroke so the face keeps AA
contrast on the white page. The mouth is a quadratic curve from a frown to a smile.
"""

FACES = [
    {"value": 1, "color": "#e57373", "mouth": "M32 70 Q50 54 68 70"},
    {"value": 2, "color": "#ffb74d", "mouth": "M32 68 Q50 60 68 68"},
    {"value": 3, "color": "#fff176", "mouth": "M32 66 L68 66"},
    {"value": 4, "color": "#aed581", "mouth": "M32 62 Q50 72 68 62"},
    {"value": 5, "color": "#66bb6a", "mouth": "M30 60 Q50 80 70 60"},
]
