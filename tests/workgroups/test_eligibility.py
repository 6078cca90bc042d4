"""The eligibility rule from a school's participation history (a pure function)."""

from pdsite.workgroups.eligibility import Fact, eligibility


def test_any_school_is_eligible_when_the_group_is_open():
    assert eligibility(rule="open", history=[]).eligible


def test_a_school_that_took_part_in_an_embedding_group_is_eligible():
    verdict = eligibility(rule="tfm_history", history=[Fact("work_group", phase="embedding")])
    assert verdict.eligible and "Embedding" in verdict.reason


def test_a_specialist_from_cohort_8_counts_and_one_from_cohort_9_does_not():
    assert eligibility(rule="tfm_history", history=[Fact("specialist", cohort=8)]).eligible
    assert not eligibility(rule="tfm_history", history=[Fact("specialist", cohort=9)]).eligible


def test_a_work_group_of_another_kind_does_not_count():
    assert not eligibility(rule="tfm_history", history=[Fact("work_group", phase="other")]).eligible


def test_the_department_phase_counts_as_history():
    assert eligibility(rule="tfm_history", history=[], department_phase="development").eligible
    assert eligibility(rule="tfm_history", history=[], department_phase="sustaining").eligible


def test_a_school_not_yet_eligible_is_pointed_to_the_group_to_join_first_when_no_history():
    verdict = eligibility(rule="tfm_history", history=[], join_first="Developing Mastery Work Group")
    assert not verdict.eligible
    assert verdict.join_first == "Developing Mastery Work Group"
    assert "join “Developing Mastery Work Group” first" in verdict.reason
    assert "cohorts 1–8" in verdict.reason
