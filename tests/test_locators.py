import pytest

from assistant.locators import hit_matches, matches, normalise, parse, split_expected, spoken_codes


@pytest.mark.parametrize("text", ["P", "P.2", "1.9.4", "2.1.2.6", "4.2", "3.3/3", "3.3/3.2", "3.3/3.2.8",
                                  "3.3/3.2.8k", "3.1/2.2k", "R:ar-dso", "U:thesis.docx#3"])
def test_parse_roundtrip(text):
    assert str(parse(text)) == text


@pytest.mark.parametrize("bad", ["", "5.1", "3.5/1.1", "abc", "3.3/", "R:"])
def test_parse_rejects_malformed(bad):
    with pytest.raises(ValueError):
        parse(bad)


def test_normalise_folds_items_into_content():
    assert str(normalise("3.3/3.2.8")) == "3.3/3.2"
    assert str(normalise("3.3/3.2.8k")) == "3.3/3.2"
    assert str(normalise("3.1/2.2k")) == "3.1/2.2"
    assert str(normalise("3.3/3")) == "3.3/3"
    assert str(normalise("1.9.4")) == "1.9.4"


@pytest.mark.parametrize("cand,exp,ok", [
    ("3.3/3.2", "3.3/3.2.8", True),        # same content after normalising
    ("3.3/3.2.1k", "3.3/3.2", True),
    ("1.9", "1.9.4", True),                 # ancestor with two numeric parts
    ("1", "1.9.4", False),                  # ancestor with one part
    ("3.3/3", "3.3/3.2", False),            # function is too coarse
    ("3.3/3.2", "3.3/3", True),             # descendant of the expected function
    ("3.4/3.2", "3.3/3.2", False),          # other level
    ("2.1.2.6", "2.1.2", True),
    ("2.1.2", "2.1.2.6", True),
    ("P.2", "P", True),
    ("P", "P.2", False),
    ("R:ar-dso", "R:ar-dso", True),
    ("R:ar-dso", "3.3/2.2", False),
    ("nonsense", "1.9.4", False),
])
def test_match_rule(cand, exp, ok):
    assert matches(cand, exp) is ok


def test_hit_matches_uses_covers():
    assert hit_matches("R:ar-dso", ("3.3/2.2.2k",), ["3.3/2.2.3"])
    assert not hit_matches("R:ar-dso", ("3.3/2.2.2k",), ["3.4/2.2"])


def test_split_expected():
    assert split_expected("3.3/2.1; 3.4/2.2.4 ;") == ["3.3/2.1", "3.4/2.2.4"]


@pytest.mark.parametrize("text,codes", [
    ("技师3.3.1讲什么", ["3.3.1"]),
    ("一级的2.1是什么", ["2.1"]),
    ("从2.1到2.3", ["2.1", "2.3"]),
    ("编号是3.2吗", ["3.2"]),
    ("Z值模型算出来2.5左右，算安全还是危险", []),  # a value, not a work content
    ("流动比率1.5以上就行吗", []),
    ("速动比率0.92算高吗", []),
])
def test_item_codes_are_not_figures(text, codes):
    from assistant.locators import item_codes

    assert item_codes(text) == codes


@pytest.mark.parametrize("said,typed", [
    ("技师的五点一点五这条是讲什么的", "技师的5.1.5这条是讲什么的"),
    ("三点三点十二要求啥", "3.3.12要求啥"),
    ("一级的三点二讲什么", "一级的3.2讲什么"),
    ("利润率是三点二", "利润率是三点二"),  # a two-part figure stays a figure
    ("一点五倍", "一点五倍"),
    ("九点六万", "九点六万"),
])
def test_an_item_code_said_aloud_is_read_as_the_code(said, typed):
    assert spoken_codes(said) == typed
