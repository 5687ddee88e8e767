"""``aimsgraph mcp`` driven by the official MCP SDK's client over stdio (issue #20, item 4):
nine read-only tools with input and output schemas and structured answers, resources for
catalogs and mapping sets, organisation tools only for organisations in this store."""

from __future__ import annotations

import datetime as dt
import gc
import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from aimsgraph.engine.analysis import coverage, gaps, history
from aimsgraph.engine.org import loader
from aimsgraph.engine.store import EmbeddedStore
from conftest import REPO
from jsonschema import Draft202012Validator
from liveserver import free_port
from mcp import Client
from mcp.client.stdio import StdioServerParameters

AIMSGRAPH = str(Path(sys.executable).parent / "aimsgraph")
EXAMPLE = REPO / "examples" / "northwind-bank"
TOOLS = {
    "search_provisions",
    "provision",
    "crosswalk",
    "applicability",
    "coverage",
    "gaps",
    "plan",
    "history",
    "compare",
}
TODAY, LATER = "2026-12-06", "2028-01-15"
LIMIT_S = 180  # the whole session, start-up included (a bound, not a timing assertion)


@pytest.fixture(scope="module")
def store_path(seeded: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the catalogs, the mapping sets and the example organisation."""
    path = seeded(tmp_path_factory.mktemp("mcp") / "store")
    store = EmbeddedStore(path)
    loader.import_org(store, EXAMPLE)
    for law_date in (TODAY, LATER):  # two recorded analyses for history and compare
        day = dt.date.fromisoformat(law_date)
        started = dt.datetime.now(dt.UTC)
        report = coverage.coverage(store, "northwind-bank", day, evidence_date=dt.date(2026, 12, 6))
        found = gaps.gaps(store, "northwind-bank", dt.date(2026, 12, 6))
        history.record(
            store,
            "northwind-bank",
            report,
            found,
            started,
            history.input_hash(store, "northwind-bank"),
        )
    store.flush()
    del store
    gc.collect()  # release the store's lock before the server opens it
    return path


def session(store: Path, body: Callable[[Client], Awaitable[Any]]) -> Any:
    """Run ``body`` against ``aimsgraph mcp --store`` started by the SDK's stdio client."""
    params = StdioServerParameters(command=AIMSGRAPH, args=["mcp", "--store", str(store)])

    async def main() -> Any:
        with anyio.fail_after(LIMIT_S):
            async with Client(params) as client:
                return await body(client)

    return anyio.run(main)


def structured(result: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """A tool's structured answer, checked against the output schema it published."""
    assert not result.is_error, result.content
    content: dict[str, Any] = result.structured_content
    Draft202012Validator(schema).validate(content)
    return content


def test_tools_over_stdio(store_path: Path) -> None:
    async def body(client: Client) -> dict[str, Any]:
        listed = {t.name: t for t in (await client.list_tools()).tools}
        calls = {
            "search_provisions": {"query": "risk management", "framework": "ai-act"},
            "provision": {"provision_id": "ai-act:art-9-2-a"},
            "crosswalk": {"provision_id": "iso42001:A.6.2.8", "to": "ai-act"},
            "applicability": {
                "org": "northwind-bank",
                "as_of": "2028-01-15",
                "framework": "ai-act",
            },
            "coverage": {"org": "northwind-bank", "as_of": "2026-11-23", "framework": "gdpr"},
            "gaps": {"org": "northwind-bank", "as_of": "2026-11-23"},
            "plan": {"org": "northwind-bank", "as_of": "2026-11-23", "top": 2},
            "history": {"org": "northwind-bank"},
        }
        answers = {
            name: structured(await client.call_tool(name, args), listed[name].output_schema or {})
            for name, args in calls.items()
        }
        first, last = (item["id"] for item in answers["history"]["items"])
        answers["compare"] = structured(
            await client.call_tool(
                "compare", {"org": "northwind-bank", "from_id": first, "to_id": last}
            ),
            listed["compare"].output_schema or {},
        )
        return {"listed": listed, "answers": answers}

    result = session(store_path, body)
    listed, answers = result["listed"], result["answers"]
    assert set(listed) == TOOLS
    for name, tool in listed.items():
        assert tool.input_schema["type"] == "object" and tool.output_schema, name
        assert tool.annotations.read_only_hint is True, name
        assert tool.description, name
    assert listed["coverage"].input_schema["required"] == ["org"]
    search = answers["search_provisions"]
    assert "ai-act:art-9" in [i["id"] for i in search["items"]]
    assert answers["provision"]["parent"] == "ai-act:art-9-2"
    links = answers["crosswalk"]["links"]
    assert links and all(link["object"].startswith("ai-act:") for link in links)
    assert answers["applicability"]["organisation"] == "northwind-bank"
    assert [f["framework"] for f in answers["coverage"]["frameworks"]] == ["gdpr"]
    assert answers["gaps"]["gaps"] and "severity" in answers["gaps"]["gaps"][0]
    assert len(answers["plan"]["steps"]) == 2
    assert [i["as_of"] for i in answers["history"]["items"]] == [TODAY, LATER]
    compared = answers["compare"]
    assert (compared["input_changed"], compared["law_or_mappings_changed"]) == (False, True)
    assert compared["reasons"] == [
        "the input data is the same",
        f"the law date changed: {TODAY} -> {LATER}",
    ]
    ai_act = next(s for s in compared["scores"] if s["framework"] == "ai-act")
    assert ai_act["before"] != ai_act["after"]  # more AI Act obligations apply in 2028
    assert compared["changes"]


def test_organisations_outside_the_store_and_bad_ids_are_tool_errors(store_path: Path) -> None:
    async def body(client: Client) -> list[Any]:
        return [
            await client.call_tool("gaps", {"org": "someone-else"}),
            await client.call_tool("provision", {"provision_id": "gdpr:art-999"}),
            await client.call_tool("plan", {"org": "northwind-bank", "as_of": "2026-13-45"}),
            await client.call_tool(
                "compare", {"org": "northwind-bank", "from_id": "nope", "to_id": "nope-2"}
            ),
        ]

    other, unknown, bad_date, no_record = session(store_path, body)
    assert no_record.is_error and "nope" in no_record.content[0].text
    assert other.is_error and "no organisation 'someone-else'" in other.content[0].text
    assert "northwind-bank" in other.content[0].text  # names the ones it has
    assert unknown.is_error and "gdpr:art-999" in unknown.content[0].text
    assert bad_date.is_error and "2026-13-45" in bad_date.content[0].text
    for result in (other, unknown, bad_date, no_record):
        assert "Traceback" not in result.content[0].text
        assert str(store_path) not in result.content[0].text


def test_resources_for_catalogs_and_mapping_sets(store_path: Path) -> None:
    async def body(client: Client) -> dict[str, Any]:
        fixed = [str(r.uri) for r in (await client.list_resources()).resources]
        templates = [
            t.uri_template for t in (await client.list_resource_templates()).resource_templates
        ]
        read = {
            uri: (await client.read_resource(uri)).contents[0]
            for uri in (
                "aimsgraph://catalogs",
                "aimsgraph://catalogs/nis2",
                "aimsgraph://mapping-sets",
                "aimsgraph://mapping-sets/iso42001-to-gdpr",
            )
        }
        return {"fixed": fixed, "templates": templates, "read": read}

    result = session(store_path, body)
    assert result["fixed"] == ["aimsgraph://catalogs", "aimsgraph://mapping-sets"]
    assert result["templates"] == [
        "aimsgraph://catalogs/{framework}",
        "aimsgraph://mapping-sets/{name}",
    ]
    read = result["read"]
    catalogs = json.loads(read["aimsgraph://catalogs"].text)
    assert [c["key"] for c in catalogs] == ["iso42001", "ai-act", "gdpr", "dora", "nis2"]
    nis2 = json.loads(read["aimsgraph://catalogs/nis2"].text)
    assert "nis2:art-21-2-a" in [p["id"] for p in nis2]
    sets = json.loads(read["aimsgraph://mapping-sets"].text)
    assert "iso42001-to-gdpr" in [s["name"] for s in sets]
    sssom = read["aimsgraph://mapping-sets/iso42001-to-gdpr"]
    assert sssom.mime_type == "text/tab-separated-values"
    assert "subject_id" in sssom.text and "gdpr:" in sssom.text.lower()


def test_http_transport_binds_loopback_only(store_path: Path) -> None:
    refused = subprocess.run(
        [AIMSGRAPH, "mcp", "--http", "--host", "0.0.0.0", "--store", str(store_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0
    assert "loopback" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1


def test_streamable_http_on_127_0_0_1(store_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [AIMSGRAPH, "mcp", "--http", "--port", str(port), "--store", str(store_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        for _ in range(600):  # bounded wait for the port
            if process.poll() is not None:
                raise AssertionError(f"the MCP server exited with {process.returncode}")
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                anyio.run(anyio.sleep, 0.2)

        async def main() -> Any:
            with anyio.fail_after(LIMIT_S):
                async with Client(url) as client:
                    return await client.call_tool("provision", {"provision_id": "gdpr:art-35"})

        answer = anyio.run(main)
        assert not answer.is_error and answer.structured_content["id"] == "gdpr:art-35"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
