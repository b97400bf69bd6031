"""A day of a month named relative to the reference month (本月10日, 上个月3日): resolved to the day,
not to the month (audit seed 20240603 #45, tests/fixtures/events/audit_sample.jsonl)."""

from __future__ import annotations

from test_dates_rules import dated


def test_day_of_this_month_is_a_day() -> None:
    # the CCTV sentence the audit judged, on a page published 8 February 2022
    text = "按计划，俄罗斯、法国、德国、乌克兰四国将于本月10日在柏林围绕乌克兰问题举行“诺曼底模式”会谈。"
    assert dated(text, published="2022-02-08") == [("本月10日", "2022-02-10", None)]


def test_day_of_last_month_crosses_the_year() -> None:
    assert dated("上个月3日，双方举行了会谈。", published="2022-01-20") == [("上个月3日", "2021-12-03", None)]


def test_month_alone_stays_a_month() -> None:
    assert dated("本月，双方举行了会谈。", published="2022-01-20") == [("本月", "2022-01", None)]
