"""Variants of the example organisation for report tests that need a situation the example
does not have (an act that does not apply to the organisation at all)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from aimsgraph.engine.org import loader
from aimsgraph.engine.present import report
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO

NOT_NIS2 = "northwind-not-nis2"


def bank_outside_nis2(store: EmbeddedStore, workdir: Path, as_of: dt.date) -> report.Report:
    """The example bank declared a financial entity only, not an NIS2 essential or important
    entity, so no NIS2 provision applies to it (NIS2 Art. 3(1)-(2): its addressees are those
    entities) and the report must show NIS2 as "n/a"."""
    folder = workdir / NOT_NIS2
    shutil.copytree(REPO / "examples" / "northwind-bank", folder)
    profile = folder / "organisation.yaml"
    data = yaml.safe_load(profile.read_text(encoding="utf-8"))
    data["id"] = NOT_NIS2
    data["entity_types"] = ["financial-entity"]
    profile.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    loader.import_org(store, folder)
    return report.build(store, NOT_NIS2, as_of)
