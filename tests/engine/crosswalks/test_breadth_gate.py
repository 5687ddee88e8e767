"""Issue #17's bar: every provision of the four acts that binds an organisation is answered
by its mapping set (a mapping or an explicit no-relationship, on it or on an ancestor), so
coverage never says ``not-analysed`` for them."""

from __future__ import annotations

import pytest
from aimsgraph.engine.crosswalks import mappings
from aimsgraph.engine.store import EmbeddedStore

SETS = ["iso42001-to-ai-act", "iso42001-to-gdpr", "iso42001-to-dora", "iso42001-to-nis2"]


@pytest.mark.parametrize("name", SETS)
def test_no_organisation_binding_provision_is_without_a_row(
    name: str, store: EmbeddedStore
) -> None:
    mapping_set = next(s for s in mappings.packaged_sets() if s.name == name)
    stats = mappings.stats_of(mapping_set, store)
    assert stats.binding, name
    missing = [f"{u.id} ({', '.join(u.addressees)})" for u in stats.unanswered]
    assert missing == [], f"{name}: {len(missing)} without a row: {', '.join(missing)}"
