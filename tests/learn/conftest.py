"""A small ACLED-format training file written here (our own sentences, a few per label) and a
classifier trained on it once per session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from titfortat.learn.train import train

SENTENCES: dict[tuple[str, str], list[str]] = {
    ("Protests", "Peaceful protest"): [
        "Teachers marched peacefully through the town centre demanding unpaid salaries.",
        "Hundreds of farmers held a calm sit-in outside the ministry over fertiliser prices.",
        "Students gathered on the campus lawn and chanted slogans against tuition fees.",
        "Nurses staged a silent demonstration in front of the hospital over working hours.",
    ],
    ("Protests", "Protest with intervention"): [
        "Police dispersed a crowd of traders who were demonstrating against new market taxes.",
        "Officers broke up a rally of opposition supporters and detained several marchers.",
        "Security forces scattered demonstrators with tear gas outside the electoral office.",
        "Police stopped a protest march of students and arrested its organisers.",
    ],
    ("Battles", "Armed clash"): [
        "Soldiers exchanged fire with rebel fighters near the river crossing for several hours.",
        "Militiamen and army troops fought a gun battle at a checkpoint on the northern road.",
        "Rebels clashed with the national army in the hills and both sides reported losses.",
        "Two rival armed factions fought over control of the gold mine near the border.",
    ],
    ("Violence against civilians", "Attack"): [
        "Gunmen shot dead three villagers working in their fields at dawn.",
        "Unidentified armed men stormed a market and killed two traders.",
        "An armed group burned houses and shot unarmed residents of the hamlet.",
        "Bandits killed a shepherd and wounded his son on the road to the village.",
    ],
    ("Violence against civilians", "Abduction/forced disappearance"): [
        "Armed men kidnapped a local chief from his home and took him to an unknown place.",
        "Gunmen abducted four passengers from a bus on the highway and demanded a ransom.",
        "Militants seized two aid workers near the camp and have not released them.",
        "A schoolteacher was taken by armed men at night and his family has no news of him.",
    ],
    ("Strategic developments", "Arrests"): [
        "Police arrested a former minister at his home on charges of embezzlement.",
        "Authorities detained five journalists accused of spreading false information.",
        "Security agents arrested the leader of an opposition youth movement in the capital.",
        "Officers took three suspected smugglers into custody at the port.",
    ],
    ("Explosions/Remote violence", "Air/drone strike"): [
        "A military drone struck a vehicle carrying militants on the desert road.",
        "Air force jets bombed a rebel camp in the forest, destroying several huts.",
        "An air strike hit a militant hideout near the town and killed several fighters.",
        "Warplanes carried out raids on positions held by insurgents in the valley.",
    ],
    ("Riots", "Mob violence"): [
        "A mob beat a suspected thief to death in the market before police arrived.",
        "Angry villagers burned down the home of a man they accused of witchcraft.",
        "Residents lynched two men suspected of stealing cattle from the herders.",
        "A crowd attacked and injured a driver after his truck hit a child.",
    ],
}

HEADER = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "inter1", "country", "notes"]


def write_training_csv(path: Path, delimiter: str = ",", date_style: str = "iso") -> Path:
    """The sentences above as an ACLED-style export."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(HEADER)
        n = 0
        for (etype, sub), texts in SENTENCES.items():
            for t in texts:
                n += 1
                day = n % 28 + 1
                date = f"2024-05-{day:02d}" if date_style == "iso" else f"{day} May 2024"
                inter = "1" if date_style == "iso" else "State forces"
                w.writerow([f"ATL{n}", date, etype, sub, inter, "Atlantis", t])
    return path


@pytest.fixture(scope="session")
def training_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_training_csv(tmp_path_factory.mktemp("learn") / "export.csv")


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory, training_csv: Path) -> Path:
    out = tmp_path_factory.mktemp("models") / "small"
    train([training_csv], out, holdout=0)
    return out
