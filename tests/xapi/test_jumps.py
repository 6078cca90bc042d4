"""jumps.py's one rule as a function: new seconds that do not continue from the head (the end
of the stretch that last grew) are a jump from the head to where they begin."""

from pdsite.xapi.jumps import Jump, jumps


def test_nothing_jumps_when_the_new_seconds_continue_from_the_head():
    assert jumps(before=[[0, 10]], head=10.0, after=[[0, 20]]) == ([], 20.0)


def test_a_small_gap_continues_when_it_is_within_the_tolerance():
    assert jumps(before=[[0, 10]], head=10.0, after=[[0, 10], [10.4, 20]]) == ([], 20.0)


def test_the_first_seconds_are_no_jump_when_nothing_came_before():
    assert jumps(before=[], head=None, after=[[30, 40]]) == ([], 40.0)


def test_a_jump_goes_from_the_head_to_the_new_start_when_the_seconds_begin_elsewhere():
    found, head = jumps(before=[[0, 20]], head=20.0, after=[[0, 20], [40, 50]])
    assert found == [Jump(time_from=20.0, time_to=40.0, watched=[(0.0, 20.0)])]
    assert head == 50.0


def test_going_back_is_a_jump_and_the_head_is_the_stretch_end_when_new_seconds_join_a_stretch():
    # Watched 30–60, went back to 0 and played into the seconds already held.
    found, head = jumps(before=[[30, 60]], head=60.0, after=[[0, 60]])
    assert found == [Jump(time_from=60.0, time_to=0.0, watched=[(30.0, 60.0)])]
    assert head == 60.0
    # Playing on past 60 then continues from the head: no jump.
    assert jumps(before=[[0, 60]], head=60.0, after=[[0, 70]]) == ([], 70.0)


def test_the_continuing_stretch_goes_first_when_one_report_grows_several():
    # 50–60 held; one report adds 60–65 (played on) and 0–5 (then went back to the start).
    found, head = jumps(before=[[50, 60]], head=60.0, after=[[0, 5], [50, 65]])
    assert found == [Jump(time_from=65.0, time_to=0.0, watched=[(50.0, 65.0)])]
    assert head == 5.0


def test_each_gap_is_a_jump_when_a_first_report_holds_several_stretches():
    found, head = jumps(before=[], head=None, after=[[0, 10], [50, 55]])
    assert found == [Jump(time_from=10.0, time_to=50.0, watched=[(0.0, 10.0)])]
    assert head == 55.0


def test_nothing_changes_when_the_record_did_not_grow():
    assert jumps(before=[[0, 10], [40, 50]], head=50.0, after=[[0, 10], [40, 50]]) == ([], 50.0)
