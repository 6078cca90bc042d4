"""The "cycle" share audience is the cycle's group as it is now (audiences.py)."""

from pdsite.cycles import audiences, services


def test_cycle_audience_is_the_group_and_follows_it_when_it_changes(study, org):
    p = org.people
    assert set(audiences.cycle_audience_members(study.pk)) == {p.alice, p.bob}
    assert audiences.cycle_audience_ids_for(p.bob) == [study.pk]
    assert audiences.cycle_audience_ids_for(p.carl) == []
    services.cycle_update(cycle=study, title=study.title, research_focus="", starts_on=study.starts_on,
                          ends_on=study.ends_on, participants=[p.carl])
    assert audiences.cycle_audience_ids_for(p.bob) == [] and audiences.cycle_audience_ids_for(p.carl) == [study.pk]
    assert list(audiences.cycle_audience_choices(p.carl)) == [study]
    assert "Y8 ratio tables" in audiences.cycle_audience_label(study.pk)
    assert audiences.cycle_audience_label(study.pk + 1000) == "A cycle that no longer exists"
    assert list(audiences.cycle_audience_members(study.pk + 1000)) == []


def test_closed_cycles_are_not_offered_to_share_with(study, org):
    services.cycle_close(cycle=study, by=org.people.alice)
    assert list(audiences.cycle_audience_choices(org.people.alice)) == []
