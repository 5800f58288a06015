"""The HTML briefing: a cited summary, a map, a timeline, a control chart and tables."""

from __future__ import annotations

from tadmor.report.html import render_report, write_report
from tadmor.report.summary import Citation, ReportInput, SummarySentence, summarise

__all__ = [
    "Citation",
    "ReportInput",
    "SummarySentence",
    "render_report",
    "summarise",
    "write_report",
]
