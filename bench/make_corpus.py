"""Write a synthetic, news-like JSONL corpus for throughput benchmarks.

Every report is assembled from the sentence templates below (invented wording) filled with
real place names, actor names, weekdays and numbers drawn from a seeded random generator, so
the same arguments always give the same file. The reports are plausible in form only: none
of the happenings took place. Each line is a record ``{"text", "title", "url", "published",
"source"}``, the shape the JSONL ingester reads.

    python bench/make_corpus.py --docs 2000 --out bench/corpus.jsonl --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Theatre:
    """A country's places and sides, as a reporter would name them."""

    country: str
    region: str
    towns: tuple[str, ...]
    cities: tuple[str, ...]  # datelines
    government: tuple[str, ...]
    groups: tuple[str, ...]
    officials: tuple[str, ...]


# fmt: off
THEATRES: tuple[Theatre, ...] = (
    Theatre(
        "Mali", "central Mali",
        ("Ténenkou", "Douentza", "Bandiagara", "Bankass", "Koro", "Djenné", "Niafunké",
         "Goundam", "Youwarou", "Ké-Macina", "Niono", "Ansongo", "Ménaka", "Boni"),
        ("BAMAKO", "MOPTI", "GAO"),
        ("Malian troops", "the Malian army", "government soldiers", "the armed forces"),
        ("JNIM fighters", "militants of Jama'at Nusrat al-Islam wal-Muslimin",
         "Islamic State Sahel Province fighters", "jihadist gunmen"),
        ("a local councillor", "the district prefect", "a security source", "a village chief"),
    ),
    Theatre(
        "Burkina Faso", "northern Burkina Faso",
        ("Djibo", "Arbinda", "Dori", "Sebba", "Gorom-Gorom", "Kaya", "Kongoussi", "Tougan",
         "Ouahigouya", "Titao", "Diapaga", "Fada N'Gourma"),
        ("OUAGADOUGOU", "KAYA", "DORI"),
        ("Burkinabe soldiers", "the army", "government troops and VDP volunteers"),
        ("JNIM militants", "Ansarul Islam fighters", "Islamic State fighters", "armed men"),
        ("a regional official", "a security source", "a local trader", "a humanitarian worker"),
    ),
    Theatre(
        "Nigeria", "Borno state",
        ("Bama", "Gwoza", "Monguno", "Damboa", "Dikwa", "Baga", "Marte", "Konduga",
         "Damasak", "Gubio", "Rann", "Ngala"),
        ("MAIDUGURI", "ABUJA"),
        ("Nigerian troops", "the Nigerian army", "soldiers and vigilantes"),
        ("ISWAP fighters", "Boko Haram insurgents", "jihadist militants", "armed men"),
        ("a militia leader", "a military officer", "a local government official"),
    ),
    Theatre(
        "Somalia", "central Somalia",
        ("Jalalaqsi", "Buulobarde", "Ceelbuur", "Tayeeglow", "Jilib", "Jawhar", "Afgooye",
         "Baidoa", "Dhusamareb", "Wanlaweyn", "Qoryooley", "Marka", "Adale"),
        ("MOGADISHU", "BELEDWEYNE", "KISMAYO"),
        ("Somali troops", "government forces", "the Somali National Army", "clan militias"),
        ("Al Shabaab fighters", "al-Shabaab militants", "Islamist insurgents"),
        ("a district commissioner", "a clan elder", "a military officer"),
    ),
    Theatre(
        "Yemen", "Marib governorate",
        ("Harib", "Rahabah", "Sirwah", "Majzar", "Marib", "Al Bayda", "Mukayras", "Taiz",
         "Hays", "Al Khawkhah", "Qatabah", "Dhale"),
        ("ADEN", "MARIB", "SANAA"),
        ("pro-government forces", "government troops", "tribal fighters allied to the government"),
        ("Houthi fighters", "the Houthis", "Ansar Allah fighters", "AQAP militants"),
        ("a government military source", "a tribal leader", "a local health official"),
    ),
    Theatre(
        "Iraq", "northern Iraq",
        ("Tal Afar", "Sinjar", "Qayyarah", "Hawija", "Tuz Khurmatu", "Makhmur", "Baiji",
         "Rutba", "Al-Qaim", "Muqdadiya", "Khanaqin", "Jalawla"),
        ("MOSUL", "BAGHDAD", "KIRKUK"),
        ("Iraqi soldiers", "the Iraqi army", "federal police", "Popular Mobilisation fighters"),
        ("Islamic State militants", "suspected Islamic State fighters", "gunmen"),
        ("an army officer", "a police colonel", "a local official"),
    ),
    Theatre(
        "Syria", "Idlib province",
        ("Ariha", "Saraqib", "Kafranbel", "Jisr ash-Shughur", "Binnish", "Darkush",
         "Taftanaz", "Sarmin", "Atarib", "Kafr Takharim", "Salqin", "Harem"),
        ("IDLIB", "BEIRUT", "AMMAN"),
        ("Syrian government forces", "the Syrian army", "pro-government militias"),
        ("Hayat Tahrir al-Sham fighters", "opposition fighters", "Turkish-backed rebels"),
        ("a rescue worker", "a war monitor", "a local council member"),
    ),
    Theatre(
        "the Democratic Republic of Congo", "North Kivu province",
        ("Rutshuru", "Sake", "Kanyabayonga", "Beni", "Butembo", "Oicha", "Masisi", "Kitchanga",
         "Bunagana", "Mweso", "Lubero", "Walikale"),
        ("GOMA", "KINSHASA", "BENI"),
        ("Congolese troops", "the FARDC", "government soldiers", "Wazalendo militias"),
        ("M23 rebels", "ADF militants", "Mai-Mai fighters", "CODECO militiamen"),
        ("a civil society leader", "a local administrator", "an army spokesman"),
    ),
    Theatre(
        "Mozambique", "Cabo Delgado province",
        ("Palma", "Mocímboa da Praia", "Macomia", "Quissanga", "Muidumbe", "Meluco",
         "Ancuabe", "Metuge", "Nangade", "Mueda"),
        ("PEMBA", "MAPUTO"),
        ("Mozambican troops", "Rwandan and Mozambican forces", "local militia"),
        ("insurgents linked to Islamic State", "al-Shabaab insurgents", "armed men"),
        ("a district official", "a church worker", "a police source"),
    ),
)
# fmt: on

OUTLETS = (
    "Sahel Courier", "Transafrica Wire", "Niger Bend News", "The Horn Ledger",
    "Arabia Frontline Monitor", "Nineveh Observer", "Levant Field Notes", "Great Lakes Sentinel",
    "Tigris Daily", "Coastal Mozambique Report", "Savannah Press Agency", "Frontline Digest",
)  # fmt: skip

# Templates. Slots: {actor} {gov} {town} {town2} {region} {country} {day} {day2} {n} {m}
# {nw} {official}. {actor}/{gov} at the start of a sentence are capitalised afterwards.
LEAD: dict[str, tuple[str, ...]] = {
    "takeover": (
        "{actor} seized the town of {town} in {region} {day} after driving out {gov}, "
        "{official} said.",
        "{actor} took control of {town} {day}, hours after {gov} withdrew from their bases "
        "there, residents said.",
        "{actor} overran an army camp and captured {town} {day}, forcing {gov} to pull back "
        "towards {town2}, according to {official}.",
    ),
    "recapture": (
        "{gov} retook {town} {day}, weeks after {actor} had seized it, {official} said.",
        "{gov} recaptured the town of {town} from {actor} {day} after a two-day offensive, "
        "the authorities said.",
    ),
    "airstrike": (
        "An air strike on a market near {town} {day} killed {n} people, {official} said.",
        "A drone strike targeting {actor} hit a vehicle outside {town} {day}, killing {n} "
        "people, {official} said.",
    ),
    "shelling": (
        "{gov} shelled {town} {day}, killing {n} civilians, among them {nw} children, "
        "{official} said.",
        "Shells fired by {actor} struck residential streets in {town} {day}, killing {n} "
        "people and wounding {m}.",
    ),
    "ied": (
        "A roadside bomb struck a patrol near {town} {day}, killing {n} soldiers and "
        "wounding {m}, {official} said.",
        "An improvised explosive device went off under a military truck on the road between "
        "{town} and {town2} {day}, killing {n} soldiers.",
    ),
    "civilians": (
        "Gunmen killed at least {n} villagers in an attack on a settlement near {town} {day}, "
        "{official} said.",
        "{actor} opened fire on a crowd at a weekly market in {town} {day}, killing {n} "
        "people, witnesses said.",
    ),
    "abduction": (
        "{actor} abducted {nw} aid workers on the road outside {town} {day}, {official} said.",
        "Armed men kidnapped a local chief and {nw} of his relatives from their home in "
        "{town} {day}, residents said.",
    ),
    "protest": (
        "Hundreds of residents protested peacefully in {town} {day} against rising insecurity "
        "and the lack of protection from {gov}.",
        "Traders closed their shops and marched through {town} {day} to demand the reopening "
        "of the road to {town2}; the protest ended without incident.",
    ),
    "clash": (
        "{actor} and {gov} fought for several hours around {town} {day}, leaving at least {n} "
        "combatants dead, {official} said.",
        "Heavy fighting broke out near {town} {day} when {actor} attacked a position held by "
        "{gov}; {n} fighters were killed, according to {official}.",
    ),
}

TITLES: dict[str, tuple[str, ...]] = {
    "takeover": ("Militants seize {town}", "{town} falls as troops withdraw"),
    "recapture": ("Army retakes {town}", "Troops back in {town} after offensive"),
    "airstrike": ("Strike near {town} kills {n}", "Air strike reported outside {town}"),
    "shelling": ("Shelling kills {n} in {town}", "{town} shelled again"),
    "ied": ("Roadside bomb kills {n} soldiers near {town}", "Bomb hits patrol near {town}"),
    "civilians": ("Gunmen kill {n} near {town}", "Civilians killed in attack near {town}"),
    "abduction": ("Abductions reported near {town}", "Kidnapping in {town}"),
    "protest": ("Residents protest in {town}", "Peaceful march in {town}"),
    "clash": ("Fighting near {town} leaves {n} dead", "Clashes around {town}"),
}

DETAIL = (
    "Residents reached by telephone said they had heard gunfire and explosions {day}.",
    "Hundreds of families fled towards {town2}, according to a humanitarian worker.",
    "No group has claimed responsibility.",
    "Telephone networks in the area were cut for most of the day.",
    "The authorities imposed a curfew in {town2} after the violence.",
    '"We have nowhere else to go," said a woman who had fled {town} with her {nw} children.',
    "{official} said the situation was calm but tense by nightfall.",
    "Traders said the main road to {town2} had been closed since the incident.",
    "The account could not be verified because access to the area is restricted.",
    "A spokesman for the government said an investigation had been opened.",
)

DETAIL_DEADLY = (
    "The attack began before dawn and lasted several hours, {official} said.",
    "Another source put the death toll at {m}, saying several of the wounded had died.",
    "The figures could not be independently verified.",
    "{official} said the wounded had been taken to a health centre in {town2}.",
    "The attackers burned shops and took livestock before leaving, witnesses said.",
    "Medical staff in {town2} said they had received at least {m} wounded people.",
)

DEADLY = frozenset({"takeover", "recapture", "airstrike", "shelling", "ied", "civilians", "clash"})

TRAPS = (
    "{actor} did not capture {town2}, despite rumours on social media.",
    "{actor} almost seized the bridge at {town2} before being pushed back.",
    "{gov} nearly lost {town2} as well but held their positions after reinforcements came.",
    "If the army retakes {town}, it will have to secure the road to {town2}, an analyst said.",
    "{gov} vowed to recapture {town} in the coming weeks.",
    "{town2} might have fallen had reinforcements not arrived {day2}.",
    "A retired officer said the troops had left {town} the way the French left Paris in 1940.",
    "State television claimed {gov} had withdrawn in good order, but residents said soldiers "
    "fled in disarray.",
    "{actor} claimed to have captured {town2}, but officials said it remained under the "
    "control of {gov}.",
    "Officials said {actor} could try to attack {town2} next.",
)

BACKGROUND = (
    "Violence has spread across {region} in recent years, displacing hundreds of thousands "
    "of people.",
    "The area has seen repeated attacks blamed on jihadist groups as well as reprisals by "
    "local militias.",
    "The government says it is regaining ground, but aid agencies report that access to "
    "many districts remains cut off.",
    "Food prices in {town2} have doubled since the roads were closed, traders said.",
    "Analysts say armed groups exploit local disputes over land and water to recruit young men.",
    "The United Nations has warned that humanitarian needs in {country} are rising while "
    "funding falls short.",
    "Schools in several districts have been closed for months because of the insecurity.",
    "Rights groups have accused all sides of abuses against civilians, charges they deny.",
    "The security forces have been stretched thin across a wide front, with several outposts "
    "supplied only by air.",
    "Elections scheduled for next year could be delayed if the fighting continues, diplomats said.",
    "Aid convoys have been attacked several times on the roads leading to {town2} this year.",
    "Local leaders have called for talks with the armed groups, a step the government rejects.",
    "Thousands of people live in makeshift camps on the outskirts of {town2}.",
    "The rainy season has made many roads impassable, slowing the movement of troops.",
)

SECONDARY_OPENERS = (
    "In a separate incident, ",
    "Elsewhere in {region}, ",
    "Separately, ",
    "Earlier, ",
)

BOILERPLATE = (
    "Share this article",
    "Residents gather near a damaged building. Photo: AFP/Staff",
    "Support independent journalism. Our reporting relies on readers like you. Donate today.",
    "Sign up for our daily newsletter.",
)


@dataclass(frozen=True, slots=True)
class Record:
    text: str
    title: str
    url: str
    published: str
    source: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "text": self.text,
                "title": self.title,
                "url": self.url,
                "published": self.published,
                "source": self.source,
            },
            ensure_ascii=False,
        )


def _day_phrase(rng: random.Random, published: date, back: int) -> str:
    """How a report published on ``published`` names a day ``back`` days earlier."""
    when = published - timedelta(days=back)
    weekday = WEEKDAYS[when.weekday()]
    if back == 0:
        return rng.choice(("on " + weekday, "earlier today", "this morning"))
    if back == 1 and rng.random() < 0.3:
        return "yesterday"
    return rng.choice(
        (
            f"on {weekday}",
            f"late on {weekday}",
            f"on {weekday} night",
            f"on {when.day} {MONTHS[when.month - 1]}",
        )
    )


def _cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:] if sentence else sentence


def _fill(template: str, slots: dict[str, str]) -> str:
    return _cap(template.format(**slots))


def _slots(rng: random.Random, theatre: Theatre, published: date) -> dict[str, str]:
    town, town2 = rng.sample(theatre.towns, 2)
    n = rng.choice((rng.randint(2, 9), rng.randint(10, 40)))
    m = n + rng.randint(1, 12)
    return {
        "actor": rng.choice(theatre.groups),
        "gov": rng.choice(theatre.government),
        "town": town,
        "town2": town2,
        "region": theatre.region,
        "country": theatre.country,
        "day": _day_phrase(rng, published, rng.randint(0, 6)),
        "day2": _day_phrase(rng, published, rng.randint(1, 6)),
        "n": NUMBER_WORDS[n] if n < len(NUMBER_WORDS) and rng.random() < 0.7 else str(n),
        "m": str(m),
        "nw": NUMBER_WORDS[rng.randint(1, 5)],
        "official": rng.choice(theatre.officials),
    }


def _details(rng: random.Random, kind: str, slots: dict[str, str], k: int) -> list[str]:
    pool = DETAIL + DETAIL_DEADLY if kind in DEADLY else DETAIL
    return [_fill(d, slots) for d in rng.sample(pool, k)]


def _secondary(rng: random.Random, theatre: Theatre, published: date) -> str:
    """A paragraph about another happening in the same theatre."""
    slots = _slots(rng, theatre, published)
    kind = rng.choice(tuple(LEAD))
    template = rng.choice(LEAD[kind])
    sentence = template.format(**slots)
    if not template.startswith("{"):  # starts with a template word, not a name: lower-case it
        sentence = sentence[:1].lower() + sentence[1:]
    opener = rng.choice(SECONDARY_OPENERS).format(region=theatre.region)
    return " ".join([opener + sentence, *_details(rng, kind, slots, 1)])


def make_record(rng: random.Random, index: int) -> Record:
    """One synthetic report; ``rng`` alone decides its content."""
    theatre = rng.choice(THEATRES)
    published = date(2019, 1, 1) + timedelta(days=rng.randint(0, 5 * 365 - 1))
    kind = rng.choice(tuple(LEAD))
    slots = _slots(rng, theatre, published)
    target = rng.randint(240, 470)

    lead = _fill(rng.choice(LEAD[kind]), slots)
    paragraphs = [f"{rng.choice(theatre.cities)} — {lead}"]
    paragraphs.append(" ".join(_details(rng, kind, slots, rng.randint(2, 4))))
    if rng.random() < 0.6:
        paragraphs.append(_fill(rng.choice(TRAPS), slots))

    words = sum(len(p.split()) for p in paragraphs)
    background = rng.sample(BACKGROUND, rng.randint(2, 5))
    while words < target:
        if rng.random() < 0.45 or not background:
            paragraphs.append(_secondary(rng, theatre, published))
        else:
            paragraphs.append(_fill(background.pop(), slots))
        words = sum(len(p.split()) for p in paragraphs)
    if rng.random() < 0.35:
        paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(BOILERPLATE))

    title = _fill(rng.choice(TITLES[kind]), slots)
    source = rng.choice(OUTLETS)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    outlet = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")
    url = f"https://example.org/{outlet}/{published:%Y/%m/%d}/{slug}-{index}"
    return Record(
        text=title + "\n\n" + "\n\n".join(paragraphs),
        title=title,
        url=url,
        published=published.isoformat(),
        source=source,
    )


def generate(docs: int, seed: int) -> list[Record]:
    """``docs`` records, identical for identical arguments."""
    rng = random.Random(seed)
    return [make_record(rng, i) for i in range(docs)]


def write_corpus(path: Path, *, docs: int, seed: int) -> int:
    """Write the corpus as JSONL; returns the number of words written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for record in generate(docs, seed):
            words += len(record.text.split())
            fh.write(record.to_json() + "\n")
    return words


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=2000, help="number of reports (default 2000)")
    parser.add_argument("--out", type=Path, default=Path("bench/corpus.jsonl"), help="JSONL file")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    if args.docs < 0:
        parser.error("--docs must be zero or more")
    words = write_corpus(args.out, docs=args.docs, seed=args.seed)
    print(f"wrote {args.docs} reports, {words} words, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
