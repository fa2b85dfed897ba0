"""``aimanifest export --to spdx-3.0``: valid SPDX 3.0.1, by the official schema and SHACL model.

Validity is judged by the SPDX project's own artefacts in ``../shared/reference/spdx-3.0.1/``
(skipped, with the reason, when absent): the JSON Schema, Draft 2020-12, and the SHACL shapes
of ``spdx-model.ttl`` under pyshacl, with the JSON-LD context read from the local copy (never
the network). Neither checks the AI and Dataset profiles' prose-only rules, so those are
checked here.

Speed: the schema is applied with jsonschema-rs (the validator ``validate`` already uses): the
pure-Python ``jsonschema`` takes about 30 s per document on this schema, whose ``AnyClass`` is
a large ``anyOf`` under ``unevaluatedProperties``; jsonschema-rs takes 30 ms. SHACL costs a few
seconds per run, mostly fixed, so every example's document goes into one data graph validated
in one run: identifiers are content-derived and differ per document, and blank nodes are
renamed per document so that two documents' ``_:CreationInfo0`` stay two nodes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, reference, valid_examples
from export_cases import CASES, write_cases

from aimanifest.cli import main

EXAMPLE_IDS = [str(p.relative_to(EXAMPLES)) for p in valid_examples()]
DOC_IDS = EXAMPLE_IDS + list(CASES)
"""Every document the validators see: the examples, an unreleased model, hostile text."""
SPDX = "spdx-3.0.1"
NO_ASSERTION = "expandedlicensing_NoAssertionLicense"
NONE = "expandedlicensing_NoneLicense"

pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"  # rdflib's own JSON-LD parser
)


def export(
    capsys: pytest.CaptureFixture[str], path: Path | str, *extra: str
) -> tuple[int, str, str]:
    """Run ``aimanifest export --to spdx-3.0`` in this process; (exit code, stdout, stderr)."""
    code = main(["export", str(path), "--to", "spdx-3.0", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """Every valid example and case exported once, through the CLI: id -> (exit code, text)."""
    out = tmp_path_factory.mktemp("spdx3")
    sources = [*zip(EXAMPLE_IDS, valid_examples(), strict=True), *write_cases(out).items()]
    found = {}
    for index, (name, path) in enumerate(sources):
        target = out / f"{index}.spdx3.json"
        code = main(["export", str(path), "--to", "spdx-3.0", "-o", str(target)])
        found[name] = (code, target.read_text(encoding="utf-8") if code == 0 else "")
    return found


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(reference(SPDX, "schema.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def shapes() -> Any:
    """The SHACL shapes (and ontology) graph, parsed once for the whole module."""
    import rdflib

    return rdflib.Graph().parse(reference(SPDX, "spdx-model.ttl"), format="turtle")


@pytest.fixture(scope="module")
def context() -> Any:
    """The JSON-LD context, from the local copy of the one spdx.org publishes."""
    return json.loads(reference(SPDX, "spdx-context.jsonld").read_text(encoding="utf-8"))


def _graph_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    graph: list[dict[str, Any]] = doc["@graph"]
    return graph


def _schema_errors(schema: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """The whole document against the schema; on failure, each element against its class.

    A failing ``oneOf`` over the whole document says little, so the messages come from each
    ``@graph`` element checked against ``#/$defs/<its type>`` (precise: property and value).
    """
    import jsonschema_rs

    if jsonschema_rs.Draft202012Validator(schema).is_valid(doc):
        return []
    messages = []
    for element in _graph_of(doc):
        sub = {"$defs": schema["$defs"], "$ref": f"#/$defs/{element.get('type')}"}
        sub["unevaluatedProperties"] = False
        where = element.get("spdxId") or element.get("@id")
        errors = list(jsonschema_rs.Draft202012Validator(sub).iter_errors(element))
        # a property that fails also makes every sibling "unevaluated": keep the real cause
        real = [e for e in errors if not e.message.startswith("Unevaluated")] or errors
        messages += [f"{where}: {list(e.instance_path)}: {e.message}" for e in real]
    return messages or ["the document's top level does not match the schema"]


def _renamed(value: Any, prefix: str) -> Any:
    """``value`` with blank node labels made unique to one document (``_:x`` -> ``_:p-x``)."""
    if isinstance(value, dict):
        return {k: _renamed(v, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, prefix) for v in value]
    if isinstance(value, str) and value.startswith("_:"):
        return f"_:{prefix}-{value[2:]}"
    return value


def _rdf(texts: list[str], context: Any) -> Any:
    """One rdflib graph of the documents, their context substituted by the local copy."""
    import rdflib

    graph = rdflib.Graph()
    for index, text in enumerate(texts):
        doc = _renamed(json.loads(text), f"d{index}")
        assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
        doc["@context"] = context["@context"]
        graph += rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    return graph


def _shacl(graph: Any, shapes: Any) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=shapes, inference="none", allow_warnings=True
    )
    return bool(conforms), str(text)


@pytest.mark.parametrize("name", DOC_IDS)
def test_valid_against_schema(
    name: str, documents: dict[str, tuple[int, str]], schema: dict[str, Any]
) -> None:
    code, text = documents[name]
    assert code == 0
    doc = json.loads(text)
    assert _schema_errors(schema, doc) == []
    (creation,) = [e for e in _graph_of(doc) if e["type"] == "CreationInfo"]
    assert creation["specVersion"] == "3.0.1"


def test_schema_errors_are_precise(
    documents: dict[str, tuple[int, str]], schema: dict[str, Any]
) -> None:
    doc = json.loads(documents["tiny-model/aimanifest.yaml"][1])
    release = next(e for e in _graph_of(doc) if e.get("name") == "Gnat-Tiny")
    release["ai_limitation"] = 42
    (message,) = _schema_errors(schema, doc)
    assert message.endswith("['ai_limitation']: 42 is not of type \"string\"")


def test_conforms_to_shacl(
    documents: dict[str, tuple[int, str]], shapes: Any, context: Any
) -> None:
    import rdflib

    texts = [text for code, text in documents.values() if code == 0]
    assert len(texts) == len(DOC_IDS)
    graph = _rdf(texts, context)
    ai = rdflib.URIRef("https://spdx.org/rdf/3.0.1/terms/AI/AIPackage")
    spaces = {
        e["spdxId"].rsplit("/", 1)[0]
        for text in texts
        for e in _graph_of(json.loads(text))
        if e["type"] == "SpdxDocument"
    }
    assert len(spaces) == len(texts)  # distinct namespaces, so the batch cannot mix documents
    assert len(set(graph.subjects(rdflib.RDF.type, ai))) >= len(texts)  # the context worked
    conforms, report = _shacl(graph, shapes)
    assert conforms, report


def test_shacl_catches_a_violation(
    documents: dict[str, tuple[int, str]], shapes: Any, context: Any
) -> None:
    """The harness is not vacuous: a schema-valid but wrongly typed reference is reported."""
    doc = json.loads(documents["tiny-model/aimanifest.yaml"][1])
    document = next(e for e in _graph_of(doc) if e["type"] == "SpdxDocument")
    agent = next(e for e in _graph_of(doc) if e["type"] == "Agent")
    document["dataLicense"] = agent["spdxId"]  # an Agent is no AnyLicenseInfo
    conforms, report = _shacl(_rdf([json.dumps(doc)], context), shapes)
    assert not conforms
    assert "dataLicense" in report


def _by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["spdxId"]: e for e in _graph_of(doc) if "spdxId" in e}


def _relations(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        e for e in _graph_of(doc) if "Relationship" in e["type"] and e["relationshipType"] == kind
    ]


def _references(value: Any) -> list[str]:
    """Every string inside ``value`` (the identifiers an element refers to, among others),
    except a collection's ``element`` list: being listed is not being related."""
    if isinstance(value, dict):
        return [ref for key, item in value.items() if key != "element" for ref in _references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _references(item)]
    return [value] if isinstance(value, str) else []


def _unreachable(doc: dict[str, Any]) -> set[str]:
    """Identifiers of elements that nothing reachable from the SpdxDocument leads to.

    An element leads to what its properties name (a supplier, a creation info, a licence
    text) and, through every relationship whose ``from`` it is, to that relationship and its
    targets.
    """
    nodes = {e.get("spdxId") or e.get("@id"): e for e in _graph_of(doc)}
    outgoing: dict[str, list[str]] = {}
    for element in nodes.values():
        if "Relationship" in element["type"]:
            outgoing.setdefault(element["from"], []).append(element["spdxId"])
    (start,) = [key for key, e in nodes.items() if e["type"] == "SpdxDocument"]
    seen, todo = {start}, [start]
    while todo:
        element = nodes[todo.pop()]
        key = element.get("spdxId") or element.get("@id")
        for ref in [*_references(element), *outgoing.get(key, [])]:
            if ref in nodes and ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return set(nodes) - seen


@pytest.mark.parametrize("name", DOC_IDS)
def test_profile_prose_rules(name: str, documents: dict[str, tuple[int, str]]) -> None:
    """What the AI and Dataset profiles require beyond the schema and SHACL (SPDX 3.0.1)."""
    doc = json.loads(documents[name][1])
    elements = _by_id(doc)
    for kind in ("hasDeclaredLicense", "hasConcludedLicense"):
        sources = [r["from"] for r in _relations(doc, kind)]
        for element in elements.values():
            if element["type"] in ("ai_AIPackage", "dataset_DatasetPackage"):
                assert sources.count(element["spdxId"]) == 1, (kind, element["name"])
    for element in elements.values():
        if element["type"] == "ai_AIPackage":
            required = ["releaseTime", "suppliedBy", "software_primaryPurpose"]
            required += ["software_packageVersion", "software_downloadLocation"]
            if "no download location" in element["comment"]:  # not released: nothing to get
                required.remove("software_downloadLocation")
            assert [key for key in required if key not in element] == [], element["name"]
        if element["type"] == "dataset_DatasetPackage":
            assert element["dataset_datasetType"]
            assert element["software_primaryPurpose"] == "data"
    (document,) = [e for e in elements.values() if e["type"] == "SpdxDocument"]
    (sbom,) = [elements[root] for root in document["rootElement"]]
    assert sbom["type"] == "software_Sbom" and sbom["software_sbomType"] == ["design"]
    (release,) = [elements[root] for root in sbom["rootElement"]]
    assert release["type"] == "ai_AIPackage" and "AI model release" in release["comment"]
    assert {"core", "software", "simpleLicensing", "ai"} <= set(document["profileConformance"])
    assert set(document["element"]) == set(elements) - {document["spdxId"]}
    assert set(sbom["element"]) == set(elements) - {document["spdxId"], sbom["spdxId"]}
    assert _unreachable(doc) == set()


def test_unreachable_is_not_vacuous(documents: dict[str, tuple[int, str]]) -> None:
    doc = json.loads(documents["heron-7b.yaml"][1])
    web = _named(doc, "reedbed-web")["spdxId"]
    doc["@graph"] = [e for e in doc["@graph"] if web not in e.get("to", [])]
    assert web in _unreachable(doc)


def test_deterministic(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = EXAMPLES / "heron-7b.yaml"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = export(capsys, path)[1]
    assert export(capsys, path)[1] == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    epoch = export(capsys, path)[1]
    flag = export(capsys, path, "--created", "2024-06-01T00:00:00Z")[1]
    assert epoch == flag  # 1717200000 is 2024-06-01T00:00:00Z
    changed = [
        (a, b) for a, b in zip(first.splitlines(), epoch.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ('      "created": "2024-09-17T00:00:00Z",', '      "created": "2024-06-01T00:00:00Z",')
    ]


def _named(doc: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [e for e in _graph_of(doc) if e.get("name") == name]
    return found


def _declared(doc: dict[str, Any], element: dict[str, Any]) -> tuple[str, str]:
    """(licence expression or individual, comment) declared for ``element``."""
    (rel,) = [r for r in _relations(doc, "hasDeclaredLicense") if r["from"] == element["spdxId"]]
    (target,) = rel["to"]
    licence = _by_id(doc).get(target, {}).get("simplelicensing_licenseExpression", target)
    return licence, rel.get("comment", "")


def test_mapping_heron(documents: dict[str, tuple[int, str]]) -> None:
    doc = json.loads(documents["heron-7b.yaml"][1])
    release = _named(doc, "Heron-7B")
    assert release["type"] == "ai_AIPackage"
    assert release["software_packageVersion"] == "1.0"
    assert release["software_downloadLocation"] == "https://hub.example.org/marsh-lab/heron-7b"
    assert "reedbed-web (pre-training)" in release["ai_informationAboutTraining"]
    assert release["ai_useSensitivePersonalInformation"] == "yes"  # reedbed-web says so
    assert "tier fully-open" in release["comment"]
    ids = _by_id(doc)
    (trained,) = [r for r in _relations(doc, "trainedOn") if r["from"] == release["spdxId"]]
    assert {ids[t]["name"] for t in trained["to"]} == {
        "reedbed-web",
        "reedbed-wiki",
        "reedbed-pd-books",
    }
    assert {ids[t]["type"] for t in trained["to"]} == {"dataset_DatasetPackage"}
    (tested,) = _relations(doc, "testedOn")
    assert [ids[t]["name"] for t in tested["to"]] == ["heron-eval-suite"]
    web = _named(doc, "reedbed-web")
    assert web["dataset_datasetType"] == ["noAssertion"]
    assert web["dataset_datasetSize"] == 9120000000000
    assert web["dataset_hasSensitivePersonalInformation"] == "yes"
    assert _declared(doc, web) == ("ODC-By-1.0", "inherited from the data layer licence")
    suite = _named(doc, "heron-eval-suite")
    assert _declared(doc, suite)[0] == "MIT AND CC-BY-4.0 AND CC-BY-SA-4.0"
    assert _declared(doc, release)[0] == "Apache-2.0"
    concluded = {r["from"]: r["to"] for r in _relations(doc, "hasConcludedLicense")}
    declared = {r["from"]: r["to"] for r in _relations(doc, "hasDeclaredLicense")}
    assert concluded[release["spdxId"]] == declared[release["spdxId"]]  # restated
    assert all(concluded[k] == v for k, v in declared.items())
    shard = _named(doc, "model-00001-of-00003.safetensors")
    assert shard["type"] == "software_File"
    assert shard["verifiedUsing"] == [
        {
            "algorithm": "sha256",
            "hashValue": "8ccc665a10f329b32356253baf1d7f8af773c9e4a12d30b145544c7fc1ca4d52",
            "type": "Hash",
        }
    ]
    weights = _named(doc, "heron-7b")
    assert weights["type"] == "ai_AIPackage"
    (contains,) = [r for r in _relations(doc, "contains") if r["from"] == weights["spdxId"]]
    assert shard["spdxId"] in contains["to"]
    train = _named(doc, "heron-train")
    assert train["type"] == "software_Package"
    assert train["software_primaryPurpose"] == "source"
    (tools,) = _relations(doc, "usesTool")
    assert tools["type"] == "LifecycleScopedRelationship" and tools["scope"] == "build"
    assert train["spdxId"] in tools["to"]
    card = _named(doc, "heron-model-card")
    assert card["software_primaryPurpose"] == "documentation"
    (docs,) = _relations(doc, "hasDocumentation")
    assert card["spdxId"] in docs["to"]


def test_mapping_lineage(documents: dict[str, tuple[int, str]]) -> None:
    doc = json.loads(documents["gull-7b-chat.yaml"][1])
    ids = _by_id(doc)
    release = _named(doc, "Gull-7B-Chat")
    (lineage,) = _relations(doc, "descendantOf")
    assert lineage["from"] == release["spdxId"]
    assert lineage["comment"] == "fine-tune"
    (base,) = [ids[t] for t in lineage["to"]]
    assert (base["name"], base["software_packageVersion"]) == ("Gull-7B", "0.1")
    assert base["software_primaryPurpose"] == "model"
    assert ids[base["suppliedBy"]]["name"] == "Gull AI SAS"
    assert "Fine-tune of Gull-7B 0.1." in release["ai_informationAboutTraining"]
    gguf = json.loads(documents["gull-7b-chat-gguf.yaml"][1])
    (quantized,) = _relations(gguf, "descendantOf")
    assert quantized["comment"] == "quantized"


def test_mapping_custom_and_special_licences(documents: dict[str, tuple[int, str]]) -> None:
    doc = json.loads(documents["skylark-pro.yaml"][1])
    ids = _by_id(doc)
    card = _named(doc, "skylark-pro-2-system-card")
    expression, how = _declared(doc, card)
    assert (expression, how) == (
        "LicenseRef-skylark-all-rights-reserved",
        "declared on the component",
    )
    (element,) = [
        e for e in ids.values() if e.get("simplelicensing_licenseExpression") == expression
    ]
    (entry,) = element["simplelicensing_customIdToUri"]
    assert entry["key"] == expression
    assert ids[entry["value"]]["simplelicensing_licenseText"].startswith("Copyright Skylark")
    assert _declared(doc, _named(doc, "skylark-serving-stack")) == (
        NONE,
        "inherited from the runtime layer licence",
    )
    assert _declared(doc, _named(doc, "skylark-public-web"))[0] == NO_ASSERTION
    # unreleased weights have no download location (a home page is none), and say why
    weights = _named(doc, "skylark-pro-2")
    assert "software_downloadLocation" not in weights
    assert "no download location" in weights["comment"]
    (release,) = [e for e in _graph_of(doc) if "AI model release" in e.get("comment", "")]
    assert "software_downloadLocation" not in release


def test_invalid_manifest_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = export(capsys, EXAMPLES / "invalid" / "schema-errors.yaml")
    assert code == 1
    assert out == ""
    assert "not exported" in err


def test_unreleased_model_exports(documents: dict[str, tuple[int, str]]) -> None:
    """Final weights unreleased, no artifacts, no links: a valid manifest, a valid document
    (schema and SHACL above) stating the absence, where it used to be refused (exit 2)."""
    code, text = documents["unreleased"]
    assert code == 0
    doc = json.loads(text)
    release = _named(doc, "Nowhere")
    weights = _named(doc, "nowhere-w")
    for package in (release, weights):
        assert "software_downloadLocation" not in package
        assert "not released" in package["comment"] or "unreleased" in package["comment"]
        assert _by_id(doc)[package["suppliedBy"]]["name"] == "Nobody Labs"
        assert package["software_packageVersion"] == "1"
    (contains,) = [r for r in _relations(doc, "contains") if r["from"] == release["spdxId"]]
    assert contains["to"] == [weights["spdxId"]]


def test_released_weights_without_location_are_a_gap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = json.loads(json.dumps(CASES["unreleased"]))
    manifest["weights"]["components"][0]["availability"] = "open"
    path = tmp_path / "aimanifest.json"
    path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    code, out, err = export(capsys, path)
    assert code == 0
    assert "software_downloadLocation" not in _named(json.loads(out), "Nowhere")
    lines = [x for x in err.splitlines() if "export-copyright" not in x]  # a 1.0 manifest
    # the release (line 3) and its weights (line 14), one line each
    assert f"{path}:3:13: warning export-download-location: the release's download" in lines[0]
    assert any(line.startswith(f"{path}:14:4: warning export-download-location") for line in lines)
