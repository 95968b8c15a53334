"""/coverage/: the map legend's steps (the figures themselves: tests/db/test_coverage.py)."""



from directory.web.coverage import shades


def test_the_legend_has_none_then_up_to_four_even_steps():
    assert [(s.low, s.high) for s in shades(0)] == [(0, 0)]
    assert [(s.low, s.high) for s in shades(3)] == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert [(s.low, s.high) for s in shades(16)] == [(0, 0), (1, 4), (5, 8), (9, 12), (13, 16)]
    assert [(s.low, s.high) for s in shades(5)] == [(0, 0), (1, 2), (3, 4), (5, 5)]
