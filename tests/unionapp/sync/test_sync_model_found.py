"""A run the sync model found that did not converge, replayed step by step (the steps Hypothesis
printed): a PC kept an enterprise the office had deleted, because the pull skipped the delete
while an edit conflict on it was open and taking the server's side then found nothing to take."""

from __future__ import annotations

from pathlib import Path

from tests.district import District
from tests.unionapp.sync.test_sync_model import OfficeMachine, World


def test_edits_and_deletes_around_failed_syncs_converge(district: District, tmp_path: Path) -> None:
    office = district.office("JN", "江宁街道工会")
    other = district.office("ML", "秣陵街道工会")
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    state = OfficeMachine()
    state.world = World(district, sheets, office.url, other.url)
    state.set_up()
    state.edit_more(actor="pc1", name="address", pick=0, value="一号")
    state.clock_skew(days=0, pc="pc1")
    state.edit(actor="pc1", name="address", pick=0, value="一号")
    state.delete(actor="clerk", pick=9)
    state.clock_skew(days=227, pc="pc2")
    state.clock_skew(days=378, pc="pc1")
    state.edit_more(actor="clerk", name="phone", pick=10, value="四号")
    state.sync_now(fault="none", pc="pc1")
    state.edit_more(actor="pc1", name="contact", pick=1, value="三号")
    state.add(actor="clerk")
    state.edit_more(actor="clerk", name="address", pick=3, value="二号")
    state.clock_skew(days=216, pc="pc2")
    state.edit(actor="pc2", name="phone", pick=6, value="二号")
    state.sync_now(fault="none", pc="pc2")
    state.clock_skew(days=-324, pc="pc1")
    state.delete(actor="clerk", pick=13)
    state.sync_now(fault="mid-batch", pc="pc2")
    state.add(actor="clerk")
    state.delete(actor="clerk", pick=18)
    state.add(actor="pc2")
    state.sync_now(fault="mid-batch", pc="pc1")
    state.add(actor="other")
    state.edit_more(actor="clerk", name="phone", pick=5, value="二号")
    state.edit_more(actor="clerk", name="address", pick=7, value="二号")
    state.add(actor="pc2")
    state.add(actor="pc2")
    state.edit(actor="clerk", name="community", pick=16, value="二号")
    state.delete(actor="pc1", pick=0)
    state.sync_now(fault="none", pc="pc2")
    state.teardown()
