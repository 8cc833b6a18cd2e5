"""Server-side SVG charts: well-formed, escaped, proportional, readable when small."""

import xml.etree.ElementTree as ET

from reports.charts import Bar, bar_chart, fit, stacked_bar, text_width

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>x</script>"


def _parse(svg):
    return ET.fromstring(str(svg))  # raises on anything that is not well-formed XML


def _bars(svg):
    """The coloured bars (not the grey tracks behind them) of a bar chart, as (width, fill)."""
    rects = _parse(svg).iter(f"{SVG}rect")
    return [(float(r.get("width")), r.get("fill")) for r in rects if r.get("fill") != "#e9ecef"]


def test_a_school_name_cannot_inject_markup():
    svg = str(bar_chart([Bar(HOSTILE, 3)], title=HOSTILE))
    stacked = str(stacked_bar([Bar(HOSTILE, 2, "#dc3545")], title=HOSTILE))
    for markup in (svg, stacked):
        assert "<script" not in markup
        assert "&lt;script&gt;x&lt;/script&gt;" in markup
        _parse(markup)


def test_quotes_cannot_break_out_of_an_attribute():
    title = "a' onload='alert(1)"
    svg = str(bar_chart([Bar("x", 1, color="red' onclick='x")], title=title))
    root = _parse(svg)
    assert root.get("aria-label") == title
    assert not [name for element in root.iter() for name in element.attrib if name.startswith("on")]


def test_bars_are_proportional_and_print_their_values():
    svg = bar_chart([Bar("消防安全", 10), Bar("食品卫生安全", 5), Bar("交通安全", 0)], title="按领域")
    (full, _), (half, _), (empty, _) = _bars(svg)
    assert half == round(full / 2) and empty == 0
    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert texts[0] == "按领域" and {"10", "5", "0"} <= set(texts)


def test_the_title_can_be_left_to_a_heading_on_the_page():
    svg = bar_chart([Bar("a", 1)], title="按状态", show_title=False)
    root = _parse(svg)
    assert root.get("aria-label") == "按状态"
    assert "按状态" not in [t.text for t in root.iter(f"{SVG}text")]


def test_it_scales_to_its_container():
    root = _parse(bar_chart([Bar("a", 1)]))
    assert root.get("viewBox").startswith("0 0 480 ")
    assert root.get("width") == "100%" and root.get("height") is None


def test_a_long_label_is_cut_and_kept_whole_in_the_tooltip():
    label = "Labs and hazardous chemicals in the science building"
    svg = bar_chart([Bar(label, 4)], width=320)
    root = _parse(svg)
    shown = next(t.text for t in root.iter(f"{SVG}text"))
    assert shown.endswith("…") and len(shown) < len(label)
    assert any(t.text.startswith(label) for t in root.iter(f"{SVG}title"))


def test_fit_measures_chinese_as_wide():
    assert text_width("消防", 10) == 20 and text_width("ab", 10) == 12
    assert fit("实验室和危险化学品", 50, 10) == "实验室和…"
    assert fit("消防", 50, 10) == "消防"


def test_an_empty_chart_is_still_a_chart():
    assert _bars(bar_chart([])) == []
    root = _parse(stacked_bar([Bar("a", 0), Bar("b", 0)]))
    assert [r.get("fill") for r in root.iter(f"{SVG}rect")] == ["#e9ecef"]  # the empty track only


def test_a_stacked_bar_leaves_out_empty_segments_and_shares_the_width():
    svg = stacked_bar(
        [Bar("按时", 3, "#0d6efd"), Bar("逾期", 0, "#ffc107"), Bar("未交", 1, "#dc3545")], width=400
    )
    segments = [r for r in _parse(svg).iter(f"{SVG}rect") if r.get("height") == "28"]
    widths = {r.get("fill"): float(r.get("width")) for r in segments}
    assert widths == {"#e9ecef": 400, "#0d6efd": 300, "#dc3545": 100}
    legend = "".join(_parse(svg).itertext())
    assert "按时 3" in legend and "未交 1" in legend and "逾期" not in legend
