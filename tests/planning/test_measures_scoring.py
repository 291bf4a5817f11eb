"""Scoring the measures: totals, published bands at every edge, the risk rule, PCL-5's DSM-5 pattern."""

from __future__ import annotations

import dataclasses

import pytest

from planning.measures import MeasureError, get, reliable_change, score, score_instrument

# The item count and the answer range of each instrument, written out here rather than read from
# the registry, so that a wrong data file cannot make its own tests pass.
SHAPE = {"PHQ-9": (9, 0, 3), "GAD-7": (7, 0, 3), "PCL-5": (20, 0, 4), "UCLA-3": (3, 1, 3), "WSAS": (5, 0, 8)}


def answers_for(code: str, total: int) -> list[int]:
    """Build a valid answer list that adds up to `total`, filling items from the first."""
    count, low, high = SHAPE[code]
    answers, left = [low] * count, total - low * count
    for i in range(count):
        step = min(high - low, left)
        answers[i] += step
        left -= step
    assert left == 0, f"{code} cannot reach {total}"
    return answers


# Both sides of every published cut-off, and the lowest and highest totals.
BAND_EDGES = [
    ("PHQ-9", 0, "minimal"),
    ("PHQ-9", 4, "minimal"),
    ("PHQ-9", 5, "mild"),
    ("PHQ-9", 9, "mild"),
    ("PHQ-9", 10, "moderate"),
    ("PHQ-9", 14, "moderate"),
    ("PHQ-9", 15, "moderately severe"),
    ("PHQ-9", 19, "moderately severe"),
    ("PHQ-9", 20, "severe"),
    ("PHQ-9", 27, "severe"),
    ("GAD-7", 0, "minimal"),
    ("GAD-7", 4, "minimal"),
    ("GAD-7", 5, "mild"),
    ("GAD-7", 9, "mild"),
    ("GAD-7", 10, "moderate"),
    ("GAD-7", 14, "moderate"),
    ("GAD-7", 15, "severe"),
    ("GAD-7", 21, "severe"),
    ("PCL-5", 0, "below threshold"),
    ("PCL-5", 32, "below threshold"),
    ("PCL-5", 33, "probable ptsd"),
    ("PCL-5", 80, "probable ptsd"),
    ("UCLA-3", 3, "not lonely"),
    ("UCLA-3", 5, "not lonely"),
    ("UCLA-3", 6, "lonely"),
    ("UCLA-3", 9, "lonely"),
    ("WSAS", 0, "subclinical"),
    ("WSAS", 9, "subclinical"),
    ("WSAS", 10, "significant functional impairment"),
    ("WSAS", 20, "significant functional impairment"),
    ("WSAS", 21, "moderately severe or worse"),
    ("WSAS", 40, "moderately severe or worse"),
]


@pytest.mark.parametrize(("code", "total", "band"), BAND_EDGES, ids=[f"{c} {t}" for c, t, _ in BAND_EDGES])
def test_every_band_edge_reads_the_published_band(code, total, band):
    result = score(code, answers_for(code, total))
    assert (result.total, result.band) == (total, band)


def test_phq9_total_of_20_reads_severe():
    assert score("PHQ-9", [3, 3, 3, 3, 3, 2, 2, 1, 0]).band == "severe"


def test_the_total_is_the_plain_sum_of_the_answers():
    assert score("GAD-7", [3, 0, 2, 1, 0, 3, 1]).total == 10


@pytest.mark.parametrize(("code", "lowest", "highest"), [("PHQ-9", 0, 27), ("UCLA-3", 3, 9), ("WSAS", 0, 40)])
def test_a_score_reports_the_range_of_possible_totals(code, lowest, highest):
    result = score(code, answers_for(code, lowest))
    assert (result.min_total, result.max_total) == (lowest, highest)


def test_ucla3_is_scored_one_to_three_with_no_item_reversed():
    assert [score("UCLA-3", [a, a, a]).total for a in (1, 2, 3)] == [3, 6, 9]


def test_a_reverse_scored_item_counts_from_the_other_end():
    phq9 = get("PHQ-9")
    reversed_first = dataclasses.replace(phq9.items[0], reverse_scored=True)
    instrument = dataclasses.replace(phq9, items=(reversed_first, *phq9.items[1:]))
    assert score_instrument(instrument, [0] * 9).total == 3


# PHQ-9 item 9: any answer above "Not at all" is risk.


@pytest.mark.parametrize(("answer", "risk"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_above_zero_is_risk(answer, risk):
    result = score("PHQ-9", [0] * 8 + [answer])
    assert (result.risk, result.risk_items) == (risk, (9,) if risk else ())


def test_phq9_item_9_is_risk_even_when_the_total_reads_minimal():
    result = score("PHQ-9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.band == "minimal" and result.risk


def test_a_severe_phq9_with_item_9_at_zero_is_not_risk():
    result = score("PHQ-9", [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert result.band == "severe" and not result.risk


def test_other_items_of_the_phq9_never_trip_the_risk_rule():
    assert not score("PHQ-9", [3] * 8 + [0]).risk_items


@pytest.mark.parametrize("code", ["GAD-7", "PCL-5", "UCLA-3", "WSAS"])
def test_instruments_without_a_risk_rule_never_report_risk(code):
    result = score(code, answers_for(code, get(code).max_total))
    assert (result.risk, result.risk_items) == (False, ())


# PCL-5: the cut-off at 33 and the DSM-5 provisional pattern.


@pytest.mark.parametrize(("total", "above"), [(32, False), (33, True)])
def test_pcl5_cutoff_is_33(total, above):
    assert score("PCL-5", answers_for("PCL-5", total)).above_cutoff is above


@pytest.mark.parametrize("code", ["PHQ-9", "GAD-7", "UCLA-3", "WSAS"])
def test_only_the_pcl5_reports_a_cutoff_and_a_dsm5_pattern(code):
    result = score(code, answers_for(code, get(code).max_total))
    assert (result.above_cutoff, result.dsm5_pattern) == (None, None)


def pcl5(**endorsed: int) -> list[int]:
    """Answers with the given items (as item_<n>=value) set and every other item at 0."""
    answers = [0] * 20
    for name, value in endorsed.items():
        answers[int(name.removeprefix("item_")) - 1] = value
    return answers


# The fewest endorsements that meet the pattern: 1 B, 1 C, 2 D, 2 E, each at "Moderately".
JUST_ENOUGH = {"item_1": 2, "item_6": 2, "item_8": 2, "item_9": 2, "item_15": 2, "item_16": 2}


def test_pcl5_pattern_is_met_by_one_b_one_c_two_d_two_e():
    assert score("PCL-5", pcl5(**JUST_ENOUGH)).dsm5_pattern is True


def test_pcl5_pattern_is_met_when_every_item_is_extreme():
    assert score("PCL-5", [4] * 20).dsm5_pattern is True


@pytest.mark.parametrize(
    ("cluster", "drop"),
    [("B", "item_1"), ("C", "item_6"), ("D", "item_9"), ("E", "item_16")],
)
def test_pcl5_pattern_fails_when_one_cluster_falls_short(cluster, drop):
    answers = pcl5(**{**JUST_ENOUGH, drop: 1})
    assert score("PCL-5", answers).dsm5_pattern is False, f"cluster {cluster} short should fail"


def test_a_pcl5_answer_of_1_does_not_count_as_endorsed():
    result = score("PCL-5", [1] * 20)
    assert (result.total, result.dsm5_pattern) == (20, False)


def test_pcl5_pattern_can_fail_above_the_cutoff():
    # Clusters B, C and D at "Extremely", but every E item only "A little bit".
    result = score("PCL-5", [4] * 14 + [1] * 6)
    assert result.above_cutoff and result.dsm5_pattern is False


def test_pcl5_pattern_can_be_met_below_the_cutoff():
    result = score("PCL-5", pcl5(**JUST_ENOUGH))
    assert result.total == 12 and not result.above_cutoff and result.dsm5_pattern


def test_pcl5_endorsements_must_fall_in_the_right_clusters():
    # Six items at "Moderately", all in cluster D: no B, C or E symptom.
    assert score("PCL-5", pcl5(item_8=2, item_9=2, item_10=2, item_11=2, item_12=2, item_13=2)).dsm5_pattern is False


# Bad input: one exception class, a message a person can read.


def test_wrong_number_of_answers_says_how_many_were_expected():
    with pytest.raises(MeasureError, match=r"^PHQ-9 has 9 questions; 8 answers were given\.$"):
        score("PHQ-9", [0] * 8)


@pytest.mark.parametrize(("code", "count"), [("PHQ-9", 10), ("GAD-7", 0), ("PCL-5", 19), ("UCLA-3", 1), ("WSAS", 6)])
def test_any_wrong_number_of_answers_is_refused(code, count):
    with pytest.raises(MeasureError, match=rf"^{code} has \d+ questions; "):
        score(code, [SHAPE[code][1]] * count)


def test_a_single_answer_is_counted_in_the_singular():
    with pytest.raises(MeasureError, match="1 answer was given"):
        score("UCLA-3", [1])


@pytest.mark.parametrize(
    ("code", "bad"),
    [("PHQ-9", -1), ("PHQ-9", 4), ("GAD-7", 4), ("PCL-5", 5), ("UCLA-3", 0), ("UCLA-3", 4), ("WSAS", 9)],
)
def test_an_answer_out_of_range_is_refused(code, bad):
    answers = answers_for(code, get(code).min_total)
    answers[1] = bad
    with pytest.raises(MeasureError, match=rf"^{code} question 2: {bad} is out of range; answers run from"):
        score(code, answers)


def test_the_range_message_names_the_published_range():
    with pytest.raises(MeasureError, match=r"answers run from 1 to 3\.$"):
        score("UCLA-3", [1, 2, 0])


@pytest.mark.parametrize("bad", [True, False, 1.0, "1", None])
def test_an_answer_that_is_not_a_whole_number_is_refused(bad):
    with pytest.raises(MeasureError, match=r"^GAD-7 question 3: the answer must be a whole number"):
        score("GAD-7", [0, 0, bad, 0, 0, 0, 0])


@pytest.mark.parametrize("bad", ["000", None, 3, {1, 2, 3}])
def test_answers_that_are_not_a_list_are_refused(bad):
    with pytest.raises(MeasureError, match=r"^UCLA-3 answers must be a list of whole numbers"):
        score("UCLA-3", bad)


def test_answers_may_be_a_tuple():
    assert score("UCLA-3", (1, 2, 3)).total == 6


@pytest.mark.parametrize("code", ["PHQ-8", "phq-9", "", "UCLA-20"])
def test_an_unknown_code_is_refused_with_the_known_ones_listed(code):
    with pytest.raises(MeasureError, match=r"There is no measure called .*The measures are GAD-7, PCL-5, PHQ-9"):
        score(code, [0] * 9)


def test_measure_error_is_a_value_error():
    assert issubclass(MeasureError, ValueError)


def test_a_score_cannot_be_changed_after_scoring():
    result = score("PHQ-9", [0] * 9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = 27


# Reliable change: latest against first, by the instrument's threshold (a change equal to it counts).


@pytest.mark.parametrize(
    ("code", "first", "latest", "reading"),
    [
        ("PHQ-9", 20, 14, "improved"),
        ("PHQ-9", 20, 15, "no reliable change"),
        ("PHQ-9", 8, 14, "deteriorated"),
        ("PHQ-9", 8, 13, "no reliable change"),
        ("GAD-7", 15, 11, "improved"),
        ("GAD-7", 15, 12, "no reliable change"),
        ("GAD-7", 5, 9, "deteriorated"),
        ("PCL-5", 52, 42, "improved"),
        ("PCL-5", 52, 43, "no reliable change"),
        ("PCL-5", 30, 40, "deteriorated"),
        ("PCL-5", 30, 39, "no reliable change"),
        ("UCLA-3", 8, 6, "improved"),
        ("UCLA-3", 8, 7, "no reliable change"),
        ("UCLA-3", 4, 6, "deteriorated"),
        ("WSAS", 30, 22, "improved"),
        ("WSAS", 30, 23, "no reliable change"),
        ("WSAS", 10, 18, "deteriorated"),
        ("WSAS", 10, 17, "no reliable change"),
    ],
)
def test_reliable_change_counts_a_change_at_the_threshold(code, first, latest, reading):
    assert reliable_change(code, first, latest) == reading


def test_no_change_at_all_is_no_reliable_change():
    assert reliable_change("PHQ-9", 12, 12) == "no reliable change"


@pytest.mark.parametrize(("first", "latest"), [(28, 10), (10, -1), (True, 10), (10, 9.5)])
def test_reliable_change_refuses_an_impossible_total(first, latest):
    with pytest.raises(MeasureError, match=r"PHQ-9 total"):
        reliable_change("PHQ-9", first, latest)


def test_reliable_change_refuses_an_unknown_code():
    with pytest.raises(MeasureError, match="There is no measure called 'BDI-II'"):
        reliable_change("BDI-II", 10, 20)
