"""Open every table of a build with pyarrow, polars, pandas and DuckDB and check the types.

Usage: python read_outputs.py OUTPUT_DIR [FOLDED_DIR]. Exits non-zero with a message on the
first mismatch. The expected types are the ones the README documents. FOLDED_DIR is a build of
the same sources with `--graph-items folded`, whose graph files are checked too.
"""
import sys
from pathlib import Path

import json

import duckdb
import networkx
import pandas
import polars
import pyarrow
import pyarrow.parquet as pq

STRING, INT32, INT64, FLOAT64 = "string", "int32", "int64", "double"
SCHEMAS = {
    "sources": {"source_id": STRING, "title": STRING, "author": STRING, "year": INT32, "kind": STRING,
                "url": STRING, "status": STRING, "reason": STRING, "item_count": INT64, "sha256": STRING,
                "event": STRING, "format": STRING, "published": STRING, "fetch_url": STRING, "origin": STRING,
                "discovered_from": STRING, "links_to": STRING},
    "items": {"item_id": STRING, "source_id": STRING, "year": INT32, "position": INT32, "section": STRING,
              "depth": INT32, "parent_id": STRING, "text": STRING, "polarity": STRING, "theme": STRING,
              "theme_method": STRING, "description": STRING, "tags": STRING, "url": STRING,
              "confidence": STRING},
    "concepts": {"concept_id": STRING, "label": STRING, "theme": STRING, "item_count": INT64,
                 "source_count": INT64, "first_year": INT32, "last_year": INT32, "origin": STRING,
                 "scope": STRING, "idea_count": INT64, "unwanted_count": INT64, "talk_count": INT64, "longest_streak": INT64,
                 "degree": INT64, "weighted_degree": INT64, "pagerank": FLOAT64, "community": INT64,
                 "aliases": STRING},
    "item_concepts": {"item_id": STRING, "concept_id": STRING, "method": STRING, "score": FLOAT64},
    "overlap": {"source_a": STRING, "source_b": STRING, "shared": INT64, "jaccard": FLOAT64, "year": INT32,
                "only_a": INT64, "only_b": INT64},
    "trends": {"concept_id": STRING, "year": INT32, "mentions": INT64, "sources": INT64, "status": STRING,
               "share": FLOAT64},
    "theme_trends": {"theme": STRING, "year": INT32, "ideas": INT64, "share": FLOAT64, "talks": INT64,
                     "talk_share": FLOAT64},
    "coverage": {"year": INT32, "concept_id": STRING, "label": STRING, "theme": STRING, "ideas": INT64,
                 "idea_sources": INT64, "talks": INT64, "talk_titles": STRING, "status": STRING},
    "themes": {"theme_id": STRING, "label": STRING, "scope": STRING, "item_count": INT64, "concept_count": INT64},
    "links": {"source_id": STRING, "url": STRING, "text": STRING, "context": STRING},
    "suggestions": {"suggestion_id": STRING, "score": FLOAT64, "evidence": STRING, "concept_id": STRING,
                    "concept_label": STRING, "item_a": STRING, "source_a": STRING, "text_a": STRING,
                    "item_b": STRING, "source_b": STRING, "text_b": STRING, "concept_b_id": STRING,
                    "concept_b_label": STRING, "concept_b_items": INT64},
}
POLARS = {STRING: polars.String, INT32: polars.Int32, INT64: polars.Int64, FLOAT64: polars.Float64}
DUCKDB = {STRING: "VARCHAR", INT32: "INTEGER", INT64: "BIGINT", FLOAT64: "DOUBLE"}


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main(out):
    for name, expected in SCHEMAS.items():
        path = out / f"{name}.parquet"
        arrow = pq.read_table(path)
        got = {f.name: str(f.type).replace("large_string", "string").replace("string_view", "string")
               for f in arrow.schema}
        if got != expected:
            fail(f"pyarrow {name}: {got} != {expected}")
        frame = polars.read_parquet(path)
        for column, kind in expected.items():
            if frame.schema[column] != POLARS[kind]:
                fail(f"polars {name}.{column}: {frame.schema[column]} != {POLARS[kind]}")
        described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        for column, kind, *_ in described:
            if kind != DUCKDB[expected[column]]:
                fail(f"duckdb {name}.{column}: {kind} != {DUCKDB[expected[column]]}")
        rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
        csv = pandas.read_csv(out / f"{name}.csv", keep_default_na=False)
        if list(csv.columns) != list(expected) or len(csv) != rows or arrow.num_rows != rows:
            fail(f"{name}: csv {list(csv.columns)}/{len(csv)} rows vs parquet {rows} rows")
        if len(pandas.read_parquet(path)) != rows:
            fail(f"pandas {name}: row count")
    # The wide matrix: concept_id, label, then one int64 column per readable source.
    matrix = pq.read_table(out / "concept_matrix.parquet")
    kinds = [str(f.type).replace("large_string", "string").replace("string_view", "string") for f in matrix.schema]
    if kinds[:2] != ["string", "string"] or \
            any(str(f.type) != "int64" for f in list(matrix.schema)[2:]):
        fail(f"concept_matrix types: {matrix.schema}")
    # The graph exports, as networkx reads them.
    g = networkx.read_graphml(out / "graph.graphml")
    j = networkx.node_link_graph(json.load(open(out / "graph.json")), edges="links")
    if (g.number_of_nodes(), g.number_of_edges()) != (j.number_of_nodes(), j.number_of_edges()):
        fail("graph.graphml and graph.json differ")
    if g.graph.get("items") != "nodes" or j.graph.get("items") != "nodes":
        fail(f"graph attribute items: {g.graph} / {j.graph}")
    htmx = g.nodes["concept:htmx"]
    if not isinstance(htmx["item_count"], int) or not isinstance(htmx["pagerank"], float):
        fail(f"GraphML attributes are not typed: {htmx}")
    # A join an analyst would write: ideas per theme and year, in DuckDB over the Parquet files.
    joined = duckdb.sql(f"""
        SELECT i.year, i.theme, count(*) AS n
        FROM read_parquet('{out}/items.parquet') i
        JOIN read_parquet('{out}/sources.parquet') s USING (source_id)
        WHERE s.kind = 'ideas' GROUP BY ALL ORDER BY n DESC LIMIT 1""").fetchall()[0]
    if joined[2] <= 0:
        fail("the items-sources join returned nothing")
    print(f"ok: {len(SCHEMAS) + 1} tables read by pyarrow {pyarrow.__version__}, "
          f"polars {polars.__version__}, pandas {pandas.__version__}, duckdb {duckdb.__version__}")


def folded(out, links):
    """Graph files with items folded into weighted source -> concept edges, as networkx reads them."""
    g = networkx.read_graphml(out / "graph.graphml")
    j = networkx.node_link_graph(json.load(open(out / "graph.json")), edges="links")
    if (g.number_of_nodes(), g.number_of_edges()) != (j.number_of_nodes(), j.number_of_edges()):
        fail("folded graph.graphml and graph.json differ")
    if g.graph.get("items") != "folded" or any(n.startswith("item:") for n in g.nodes):
        fail(f"folded graph has item nodes or says {g.graph}")
    weights = [d["weight"] for a, b, d in g.edges(data=True) if d["kind"] == "mentions"]
    if not all(isinstance(w, float) for w in weights) or round(sum(weights)) != links:
        fail(f"folded mentions weights add up to {sum(weights)}, not {links} item_concepts rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    if len(sys.argv) > 2:
        folded(Path(sys.argv[2]), pq.read_table(Path(sys.argv[1]) / "item_concepts.parquet").num_rows)
        print("ok: folded graph files read by networkx")
