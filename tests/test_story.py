"""The story's end (rollout.story_end): where play, presentation mode and the video stop, and
the slider's stops after it; the presenter's steps through the presentation sequence."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kirollout.model import rollout
from kirollout.render import playback


def _with_kleve_opening(records, day: str):
    """A copy of the records in which Kreis Kleve's centre opens on `day` instead."""
    ev = records.events.copy()
    kleve = records.centers.set_index("center_id").loc["ki-05154", "opening_event_id"]
    ev.loc[ev["event_id"] == kleve, "date"] = day
    return dataclasses.replace(records, events=ev)


def test_story_ends_with_the_last_opening_kleve(records):
    ops = rollout.openings(records)
    assert rollout.story_end(ops) == date(2018, 9, 6)
    # later evidence for centres that already exist (a visit in 2025) does not extend it
    assert max(o.open_by for o in ops.values() if o.open_by) > date(2018, 9, 6)


def test_a_later_opening_moves_the_end_of_play_and_stops(records):
    moved = _with_kleve_opening(records, "2019-03-05")
    ops = rollout.openings(moved)
    assert rollout.story_end(ops) == date(2019, 3, 5)
    stops = rollout.timeline_dates(moved, ops=ops)
    seq = playback.present_sequence(stops, ops, playback.milestone_dates(moved))
    assert stops[seq[-1]] == date(2019, 3, 5)
    assert rollout.counts_at(ops, stops[seq[-1]]).exist > rollout.counts_at(ops, stops[seq[-2]]).exist


def test_stops_are_dense_until_the_end_then_yearly(records):
    stops = rollout.timeline_dates(records)
    end = date(2018, 9, 6)
    assert end in stops and stops[0] == date(2012, 2, 1)
    after = [s for s in stops if s > end]
    assert all(s.month == 1 and s.day == 1 for s in after[:-1])  # yearly, then the last stop
    assert len(after) <= date.today().year - 2018 + 1
    assert len(after) / len(stops) < 0.1


def test_play_sequence_ends_at_the_story_end(records):
    ops = rollout.openings(records)
    stops = rollout.timeline_dates(records, ops=ops)
    seq = playback.present_sequence(stops, ops, playback.milestone_dates(records))
    assert stops[seq[0]] == date(2012, 2, 1) and stops[seq[-1]] == date(2018, 9, 6)


@pytest.fixture
def seq():
    return [0, 1, 1, 1, 1, 2, 3, 3, 3, 3, 4]  # stops 1 and 3 hold a milestone


def test_presenter_steps_skip_pauses(seq):
    assert playback.step_position(seq, 0, "next") == 1
    assert playback.step_position(seq, 2, "next") == 5  # from inside a pause to the next stop
    assert playback.step_position(seq, 5, "prev") == 1
    assert playback.step_position(seq, 3, "prev") == 0  # from inside a pause: back to the stop before
    assert playback.step_position(seq, 10, "next") == 10  # the end stays
    assert playback.step_position(seq, 0, "prev") == 0
    assert playback.step_position(seq, 7, "home") == 0
    assert playback.step_position(seq, 0, "end") == 10
    assert playback.position_for(seq, 3) == 6 and playback.position_for(seq, 99) == 10
    with pytest.raises(ValueError):
        playback.step_position(seq, 0, "sideways")
