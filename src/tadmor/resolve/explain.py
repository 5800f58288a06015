"""Why an event is what it is: its mentions, why each was merged, the evidence of each field."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from tadmor.model import Document, Event, EventMention, MergeLink

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """One line of terminal-safe text: control characters (ANSI escapes too) made visible."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))


def _why(link: MergeLink) -> str:
    if link.rule == "founding":
        return "founding mention (the event's id comes from it)"
    if link.rule == "stored":
        return "stored with the event before merge records were kept"
    if link.rule == "merged_event":
        return f"came with an event merged into this one through mention {link.joined}"
    place = {
        "same_place": "the same place",
        "place_in_region": "a place within the other's region (or the region itself)",
        "place_in_country": "the country of the other's place (or a place in it)",
    }.get(link.rule, link.rule)
    km = f"{link.km:g} km apart" if link.km is not None else "distance unknown"
    days = f"{link.days} days apart" if link.days is not None else "no dates"
    return (
        f"joined mention {link.joined}: {place}, {km}; dates {days} "
        f"(window {link.window_days} days beyond each report's own precision); "
        "same kind of event; actors agree"
    )


def explain_event(
    event: Event,
    mentions: Sequence[EventMention],
    documents: Mapping[str, Document],
) -> list[str]:
    """Lines that explain ``event``: each source mention in merge order with the reason it
    joined, then the evidence behind each field (quotes with document and offsets)."""
    by_id = {m.mention_id: m for m in mentions}
    lines = [
        f"event {event.event_id}  {event.event_date or 'undated'} "
        f"(time precision {int(event.time_precision)})  confidence {event.confidence:.2f}",
        f"  {event.event_type} / {event.sub_event_type}: {event.actor1 or '?'}"
        f" vs {event.actor2 or '?'} at {event.location or '?'}"
        f"{', ' + event.country if event.country else ''}",
    ]
    if event.merged_from:
        lines.append(f"  merged away into it: {', '.join(event.merged_from)}")
    if event.prior_holder:
        lines.append(
            f"  held before by {event.prior_holder} (read from: {_clean(event.prior_holder_cue)!r})"
        )
    if event.flags:
        lines.append(f"  flags: {', '.join(event.flags)}")
    links = list(event.merge_links) or [
        MergeLink(mention_id=mid, rule="stored") for mid in event.mentions
    ]
    lines.append(f"source mentions ({len(links)}):")
    for n, link in enumerate(links, 1):
        m = by_id.get(link.mention_id)
        lines.append(f"  {n}. {link.mention_id}: {_why(link)}")
        if m is None:
            lines.append("     (mention not in the store)")
            continue
        doc = documents.get(m.doc_id)
        where = doc.origin if doc is not None else m.doc_id
        published = doc.published if doc is not None else None
        source = (doc.source or "") if doc is not None else ""
        lines.append(
            f"     from {_clean(where)}"
            f"{' (' + _clean(source) + ')' if source else ''}, published {published or '?'}"
        )
        place = m.place.name if m.place is not None else "no place"
        lines.append(
            f"     {m.event_type} / {m.sub_event_type}; {m.actor1 or '?'} vs {m.actor2 or '?'}; "
            f"{place}; {m.earliest or '?'}..{m.latest or '?'}; {m.modality.value}; "
            f"confidence {m.confidence:.2f}"
        )
        lines.append(f"     trigger {_clean(m.trigger.quote)!r} in: {_clean(m.sentence.quote)!r}")
    lines.append("evidence by field:")
    fields: dict[str, list[str]] = {}
    for f in event.evidence:
        doc = documents.get(f.evidence.doc_id)
        where = doc.origin if doc is not None else f.evidence.doc_id
        fields.setdefault(f.field, []).append(
            f"    {_clean(f.evidence.quote)!r}  ({_clean(where)} "
            f"[{f.evidence.start}:{f.evidence.end}])"
        )
    for name in sorted(fields):
        lines.append(f"  {name}:")
        lines.extend(fields[name])
    return lines
