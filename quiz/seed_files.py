"""The quiz's seed files (TOML beside this module), read by the first language's seed
(quiz.seeding) and each translation's (quiz.seeding_translations)."""

import tomllib
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent / "seed_content"


def load_seed(name: str, seed_dir: Path = SEED_DIR) -> dict:
    with open(seed_dir / name, "rb") as fh:
        return tomllib.load(fh)
