"""A PC pulls the server's changes in transaction order, also where the transaction numbers
pass a power of ten (ordered as text, "100" came before "99" and the change in 99 was skipped
for good once the PC's cursor had passed it)."""

from __future__ import annotations

from tests.district import District
from tests.unionapp.sync.test_sync_scenarios import add_company, companies
from unionapp.sync.faults import Faults
from unionapp.sync.pull import pull
from unionapp.sync.run import bind, handshake, server_engine, sync


def test_changes_either_side_of_a_power_of_ten_all_reach_the_other_pc(district: District) -> None:
    office = district.office("JN", "江宁街道工会")
    first, second = district.pc("pc1"), district.pc("pc2")
    add_company(first, "甲机械有限公司")
    sync(first, office.url)
    add_company(first, "乙电子有限公司")
    sync(first, office.url)
    rows = district.admin(
        "SELECT seq, table_name FROM server_change WHERE table_name = 'enterprise' ORDER BY seq"
    )
    assert len(rows) == 2
    # Both transactions long committed, numbered 99 and 100: all of the pull lies below them.
    for (seq, _table), xid in zip(rows, ("99", "100"), strict=True):
        district.admin(
            "UPDATE server_change SET xid = CAST(:x AS xid8) WHERE seq = :s", x=xid, s=seq
        )
    district.admin("UPDATE server_change SET xid = '5'::xid8 WHERE table_name <> 'enterprise'")
    engine = server_engine(office.url)
    try:
        server = handshake(engine)
        bind(second, engine, server)
        pull(second, engine, server.office, Faults(), batch=1)  # a batch ends at each change
    finally:
        engine.dispose()
    assert sorted(name for name, *_ in companies(second).values()) == [
        "乙电子有限公司",
        "甲机械有限公司",
    ]
    assert companies(second) == companies(first)
