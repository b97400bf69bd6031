"""Suppliers named in a relative clause on a strike's target are not the target (a real CCTV sentence, and
a constructed control without the supply verb)."""

from __future__ import annotations

from test_events_audit import code_linked
from test_events_constructions import codes

ODESA = ("俄罗斯国防部5月1日表示，使用高精度导弹打击了敖德萨附近的军用机场，摧毁了一个装有美国和欧洲国家提供的武器和"
         "弹药的仓库，炸毁了机场跑道。")


def test_coordinated_suppliers_of_the_weapons_are_not_the_target() -> None:
    targets = [codes(e.recipient) for e in code_linked(ODESA, "2022-05-01") if e.event == "ASSAULT"]
    assert targets and all(t <= {"UKR"} for t in targets)


def test_two_parties_owning_the_target_stay_targets() -> None:
    # the same construction without a supply verb: the parties before 的 own what is hit
    events = code_linked("俄军表示，摧毁了乌克兰和波兰的两个军火库。", "2022-05-01")
    assert any(codes(e.recipient) >= {"UKR"} for e in events if e.event == "ASSAULT")
