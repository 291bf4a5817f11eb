"""The measures registry: every instrument is complete, consistent, and in its published wording."""

from __future__ import annotations

from itertools import pairwise

import pytest

from planning.measures import MeasureError, all_instruments, codes, get

CODES = ["PHQ-9", "GAD-7", "PCL-5", "UCLA-3", "WSAS"]


def test_the_registry_holds_the_five_instruments():
    assert sorted(codes()) == sorted(CODES)


def test_all_instruments_and_get_agree():
    assert [instrument.code for instrument in all_instruments()] == list(codes())
    assert all(get(instrument.code) is instrument for instrument in all_instruments())


def test_get_refuses_an_unknown_code():
    with pytest.raises(MeasureError, match="There is no measure called 'K10'"):
        get("K10")


@pytest.mark.parametrize(("code", "count"), [("PHQ-9", 9), ("GAD-7", 7), ("PCL-5", 20), ("UCLA-3", 3), ("WSAS", 5)])
def test_each_instrument_has_its_published_number_of_items(code, count):
    items = get(code).items
    assert [item.number for item in items] == list(range(1, count + 1))


@pytest.mark.parametrize("code", CODES)
def test_each_instrument_has_wording_licence_source_and_a_stepwise_helper(code):
    instrument = get(code)
    texts = [instrument.title, instrument.stem, instrument.licence, instrument.source, instrument.url]
    texts += [item.text for item in instrument.items] + [instrument.stepwise.helper, instrument.bands_source]
    assert all(text.strip() == text and text for text in texts)


@pytest.mark.parametrize("code", CODES)
def test_each_instrument_has_labelled_options_at_both_ends(code):
    options = get(code).options
    assert options[0].label and options[-1].label


@pytest.mark.parametrize("code", CODES)
def test_answer_values_are_contiguous(code):
    values = [option.value for option in get(code).options]
    assert values == list(range(values[0], values[-1] + 1))


@pytest.mark.parametrize("code", CODES)
def test_bands_cover_every_possible_total_exactly_once(code):
    instrument = get(code)
    for total in range(instrument.min_total, instrument.max_total + 1):
        assert sum(band.min <= total <= band.max for band in instrument.bands) == 1, f"{code} total {total}"


@pytest.mark.parametrize("code", CODES)
def test_bands_run_in_order_from_the_lowest_to_the_highest_total(code):
    instrument = get(code)
    bands = instrument.bands
    assert bands[0].min == instrument.min_total and bands[-1].max == instrument.max_total
    assert all(lower.max + 1 == higher.min for lower, higher in pairwise(bands))


@pytest.mark.parametrize("code", CODES)
def test_each_band_says_whether_its_label_is_published_or_stepwises_own(code):
    assert {band.label_source for band in get(code).bands} <= {"published", "stepwise"}


@pytest.mark.parametrize(
    ("code", "lowest", "highest"),
    [("PHQ-9", 0, 27), ("GAD-7", 0, 21), ("PCL-5", 0, 80), ("UCLA-3", 3, 9), ("WSAS", 0, 40)],
)
def test_total_ranges_are_the_published_ones(code, lowest, highest):
    instrument = get(code)
    assert (instrument.min_total, instrument.max_total) == (lowest, highest)


@pytest.mark.parametrize("code", ["PHQ-9", "GAD-7"])
def test_phq_family_answers_are_the_published_labels(code):
    labels = [(o.value, o.label) for o in get(code).options]
    assert labels == [(0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day")]


def test_pcl5_answers_are_the_published_labels():
    labels = [(o.value, o.label) for o in get("PCL-5").options]
    assert labels == [(0, "Not at all"), (1, "A little bit"), (2, "Moderately"), (3, "Quite a bit"), (4, "Extremely")]


def test_ucla3_answers_are_scored_one_to_three():
    labels = [(o.value, o.label) for o in get("UCLA-3").options]
    assert labels == [(1, "Hardly ever"), (2, "Some of the time"), (3, "Often")]


def test_wsas_labels_only_the_even_points_of_its_0_to_8_scale():
    labels = {o.value: o.label for o in get("WSAS").options}
    assert labels == {
        0: "Not at all",
        1: None,
        2: "Slightly",
        3: None,
        4: "Definitely",
        5: None,
        6: "Markedly",
        7: None,
        8: "Very severely",
    }


def test_wsas_items_cover_work_home_social_and_private_leisure_and_close_relationships():
    texts = [item.text for item in get("WSAS").items]
    phrases = ["ability to work", "home management", "social leisure", "private leisure", "close relationships"]
    assert all(phrase in text for phrase, text in zip(phrases, texts, strict=True))


def test_phq9_stem_is_the_published_one():
    stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    assert get("PHQ-9").stem == stem


def test_phq9_item_9_asks_about_thoughts_of_death_or_self_harm():
    assert get("PHQ-9").items[8].text == "Thoughts that you would be better off dead or of hurting yourself in some way"


@pytest.mark.parametrize("code", CODES)
def test_no_item_of_these_five_is_reverse_scored(code):
    assert not any(item.reverse_scored for item in get(code).items)


def test_every_instrument_measures_in_the_direction_higher_is_worse():
    assert all(instrument.higher_is_worse for instrument in all_instruments())


def test_phq9_risk_rule_is_item_9_at_1_or_more():
    rule = get("PHQ-9").risk_rule
    assert (rule.items, rule.trips_at) == ((9,), 1)


@pytest.mark.parametrize("code", ["GAD-7", "PCL-5", "UCLA-3", "WSAS"])
def test_the_other_instruments_record_that_they_have_no_risk_rule(code):
    rule = get(code).risk_rule
    assert (rule.items, rule.trips_at) == ((), None) and "no item-level risk rule" in rule.note


@pytest.mark.parametrize(
    ("code", "threshold", "published"),
    [("PHQ-9", 6, True), ("GAD-7", 4, True), ("PCL-5", 10, True), ("UCLA-3", 2, False), ("WSAS", 8, False)],
)
def test_reliable_change_thresholds_carry_their_source(code, threshold, published):
    change = get(code).reliable_change
    assert (change.threshold, change.published) == (threshold, published) and change.source


@pytest.mark.parametrize("code", ["UCLA-3", "WSAS"])
def test_an_unpublished_threshold_says_it_is_stepwises_own(code):
    assert "Stepwise uses" in get(code).reliable_change.source


@pytest.mark.parametrize(
    ("code", "panel", "total"),
    [
        ("PHQ-9", "44249-1", "44261-6"),
        ("GAD-7", "69737-5", "70274-6"),
        ("PCL-5", "101697-1", "101698-9"),
        ("UCLA-3", "106418-7", None),
        ("WSAS", None, None),
    ],
)
def test_loinc_codes_where_they_exist(code, panel, total):
    loinc = get(code).loinc
    assert (loinc.panel, loinc.total) == (panel, total)


def test_pcl5_items_fall_in_the_dsm5_clusters():
    clusters = "".join(item.cluster or "-" for item in get("PCL-5").items)
    assert clusters == "BBBBB" + "CC" + "DDDDDDD" + "EEEEEE"


def test_pcl5_diagnostic_rule_needs_1_b_1_c_2_d_2_e_at_moderately_or_more():
    rule = get("PCL-5").diagnostic_rule
    assert rule is not None
    assert (rule.endorsed_at, dict(rule.clusters)) == (2, {"B": 1, "C": 1, "D": 2, "E": 2})


def test_pcl5_cutoff_is_33():
    assert get("PCL-5").cutoff == 33


@pytest.mark.parametrize("code", ["PHQ-9", "GAD-7"])
def test_phq_family_licence_says_no_permission_is_needed(code):
    assert "No permission required to reproduce, translate, display or distribute" in get(code).licence


def test_pcl5_is_public_domain():
    assert "Public domain" in get("PCL-5").licence
