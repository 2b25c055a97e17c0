"""Small pure helpers of the UI: Dutch numbers, chip filters' 'nothing chosen = all'."""
from ui.filters import effective
from ui.numbers import nl_dec, nl_int


def test_dutch_numbers():
    assert nl_int(12345) == "12.345" and nl_int(7) == "7" and nl_int(1500.0) == "1.500" and nl_int(None) == ""
    assert nl_dec(6.6) == "6,6" and nl_dec(12345.64) == "12.345,6" and nl_dec(float("nan")) == ""
    assert nl_dec(-0.25, 2) == "-0,25"


def test_nothing_chosen_is_all():
    assert effective([], ["a", "b"]) == ["a", "b"]
    assert effective(["b"], ["a", "b"]) == ["b"]
