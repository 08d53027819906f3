//! The graph and the taxonomy in exchange formats: GraphML (Gephi, networkx, yEd), DOT
//! (Graphviz), node-link JSON (d3, networkx) and SKOS in Turtle (taxonomy tools).
//!
//! Every export walks the same node and edge lists in graph order, so the files are the same
//! bytes for the same inputs.

use std::io;

use petgraph::dot::{Config, Dot};
use petgraph::visit::EdgeRef;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use rio_api::formatter::TriplesFormatter;
use rio_api::model::{Literal, NamedNode, Triple};
use serde_json::{Map, Value, json};

use super::File;
use super::tables::Data;
use crate::graph::{Edge, Node, TaxonomyGraph};

/// Where the SKOS concepts live; a URN, since the taxonomy has no home page of its own.
pub const BASE_IRI: &str = "urn:cfp-taxonomy:";

/// A typed attribute value.
#[derive(Debug, Clone, PartialEq)]
enum Attr {
    Text(String),
    Int(i64),
    Float(f64),
}

/// GraphML attribute keys: name and type, for nodes and for edges.
const NODE_KEYS: &[(&str, &str)] = &[
    ("kind", "string"),
    ("label", "string"),
    ("year", "int"),
    ("theme", "string"),
    ("status", "string"),
    ("url", "string"),
    ("polarity", "string"),
    ("item_count", "int"),
    ("pagerank", "double"),
    ("community", "int"),
];
const EDGE_KEYS: &[(&str, &str)] = &[("kind", "string"), ("method", "string"), ("weight", "double")];

/// The id and attributes of a node.
fn node(d: &Data<'_>, n: Node) -> (String, Vec<(&'static str, Attr)>) {
    let text = |s: &str| Attr::Text(s.to_string());
    match n {
        Node::Source(i) => {
            let s = &d.sources[i];
            (
                format!("source:{}", s.source.id),
                vec![
                    ("kind", text("source")),
                    ("label", text(&s.source.title)),
                    ("year", Attr::Int(i64::from(s.source.year))),
                    ("status", text(s.status.as_str())),
                    ("url", text(&s.source.url)),
                ],
            )
        }
        Node::Item(i) => {
            let it = &d.items[i];
            (
                format!("item:{}", it.item_id),
                vec![
                    ("kind", text("item")),
                    ("label", text(&it.text)),
                    ("year", Attr::Int(i64::from(it.year))),
                    ("theme", text(&d.taxonomy.item_themes[i].theme)),
                    ("polarity", text(it.polarity.as_str())),
                ],
            )
        }
        Node::Concept(i) => {
            let c = &d.taxonomy.concepts[i];
            let m = &d.analysis.metrics[i];
            (
                format!("concept:{}", c.concept_id),
                vec![
                    ("kind", text("concept")),
                    ("label", text(&c.label)),
                    ("theme", text(&c.theme)),
                    ("item_count", Attr::Int(i64::from(d.analysis.concepts[i].item_count))),
                    ("pagerank", Attr::Float(m.pagerank)),
                    ("community", Attr::Int(i64::from(m.community))),
                ],
            )
        }
        Node::Theme(i) => {
            let t = &d.themes[i];
            (format!("theme:{}", t.id), vec![("kind", text("theme")), ("label", text(&t.label))])
        }
    }
}

/// The kind, method and weight of an edge.
fn edge(e: &Edge) -> Vec<(&'static str, Attr)> {
    let kind = |k: &str| ("kind", Attr::Text(k.to_string()));
    match e {
        Edge::Mentions => vec![kind("mentions"), ("weight", Attr::Float(1.0))],
        Edge::NormalisesTo(method, score) => {
            vec![kind("normalises_to"), ("method", Attr::Text(method.as_str().into())), ("weight", Attr::Float(*score))]
        }
        Edge::BelongsTo => vec![kind("belongs_to"), ("weight", Attr::Float(1.0))],
        Edge::LinksTo => vec![kind("links_to"), ("weight", Attr::Float(1.0))],
        Edge::CoOccurs(n) => vec![kind("co_occurs"), ("weight", Attr::Float(f64::from(*n)))],
    }
}

fn attr_text(a: &Attr) -> String {
    match a {
        Attr::Text(s) => s.clone(),
        Attr::Int(i) => i.to_string(),
        Attr::Float(f) => f.to_string(),
    }
}

/// All four exports as files for the output folder.
pub fn files(d: &Data<'_>, g: &TaxonomyGraph) -> io::Result<Vec<File>> {
    Ok(vec![
        File { name: "graph.graphml".into(), bytes: graphml(d, g)? },
        File { name: "graph.dot".into(), bytes: dot(d, g).into_bytes() },
        File { name: "graph.json".into(), bytes: node_link(d, g)? },
        File { name: "taxonomy.ttl".into(), bytes: skos(d)? },
    ])
}

/// GraphML with typed attribute keys, so Gephi and networkx read years and counts as numbers.
pub fn graphml(d: &Data<'_>, g: &TaxonomyGraph) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    w.write_event(Event::Start(root))?;
    for (domain, keys) in [("node", NODE_KEYS), ("edge", EDGE_KEYS)] {
        for (name, ty) in keys {
            let id = format!("{domain}_{name}");
            w.create_element("key")
                .with_attributes([("id", id.as_str()), ("for", domain), ("attr.name", name), ("attr.type", ty)])
                .write_empty()?;
        }
    }
    let mut graph = BytesStart::new("graph");
    graph.push_attribute(("id", "cfp-taxonomy"));
    graph.push_attribute(("edgedefault", "directed"));
    w.write_event(Event::Start(graph))?;
    let ids: Vec<String> = g.graph.node_indices().map(|n| node(d, g.graph[n]).0).collect();
    for n in g.graph.node_indices() {
        let (id, attrs) = node(d, g.graph[n]);
        let mut start = BytesStart::new("node");
        start.push_attribute(("id", id.as_str()));
        w.write_event(Event::Start(start))?;
        write_data(&mut w, "node", &attrs)?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for e in g.graph.edge_references() {
        let mut start = BytesStart::new("edge");
        start.push_attribute(("source", ids[e.source().index()].as_str()));
        start.push_attribute(("target", ids[e.target().index()].as_str()));
        w.write_event(Event::Start(start))?;
        write_data(&mut w, "edge", &edge(e.weight()))?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn write_data(w: &mut Writer<Vec<u8>>, domain: &str, attrs: &[(&str, Attr)]) -> io::Result<()> {
    for (name, value) in attrs {
        let key = format!("{domain}_{name}");
        let text = attr_text(value);
        w.create_element("data").with_attribute(("key", key.as_str())).write_text_content(BytesText::new(&text))?;
    }
    Ok(())
}

/// Graphviz DOT of the taxonomy: themes, concepts, which theme each belongs to, and the strong
/// co-occurrence ties (see [`crate::analyze::metrics::is_strong_tie`]). Sources and items are
/// left out: Graphviz needs minutes for the thousands of edges of the full graph, which
/// `graph.graphml` and `graph.json` carry for Gephi and networkx.
pub fn dot(d: &Data<'_>, g: &TaxonomyGraph) -> String {
    let posts = g.sources_per_concept();
    let view = g.graph.filter_map(
        |_, n| matches!(n, Node::Concept(_) | Node::Theme(_)).then_some(*n),
        |e, edge| {
            let (a, b) = g.graph.edge_endpoints(e)?;
            match (edge, g.graph[a], g.graph[b]) {
                (Edge::BelongsTo, _, _) => Some(*edge),
                (Edge::CoOccurs(w), Node::Concept(x), Node::Concept(y))
                    if crate::analyze::metrics::is_strong_tie(*w, posts[x], posts[y]) =>
                {
                    Some(*edge)
                }
                _ => None,
            }
        },
    );
    let node_attrs = |_, (_, n): (petgraph::graph::NodeIndex, &Node)| {
        let (_, attrs) = node(d, *n);
        let label = attrs.iter().find(|(k, _)| *k == "label").map(|(_, v)| attr_text(v)).unwrap_or_default();
        let shape = if matches!(n, Node::Theme(_)) { "box style = bold" } else { "ellipse" };
        format!("label = \"{}\" shape = {shape}", dot_escape(&label))
    };
    let edge_attrs = |_, e: petgraph::graph::EdgeReference<'_, Edge>| match e.weight() {
        Edge::CoOccurs(n) => format!("weight = {n} dir = none style = dashed"),
        _ => String::new(),
    };
    format!(
        "{:?}",
        Dot::with_attr_getters(
            &view,
            &[Config::EdgeNoLabel, Config::NodeNoLabel, Config::RankDir(petgraph::dot::RankDir::LR)],
            &edge_attrs,
            &node_attrs
        )
    )
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
}

/// Node-link JSON as d3 and `networkx.node_link_graph(data, edges="links")` read it.
pub fn node_link(d: &Data<'_>, g: &TaxonomyGraph) -> io::Result<Vec<u8>> {
    let to_json = |a: &Attr| match a {
        Attr::Text(s) => json!(s),
        Attr::Int(i) => json!(i),
        Attr::Float(f) => json!(f),
    };
    let ids: Vec<String> = g.graph.node_indices().map(|n| node(d, g.graph[n]).0).collect();
    let nodes: Vec<Value> = g
        .graph
        .node_indices()
        .map(|n| {
            let (id, attrs) = node(d, g.graph[n]);
            let mut m = Map::new();
            m.insert("id".into(), json!(id));
            for (k, v) in &attrs {
                m.insert((*k).into(), to_json(v));
            }
            Value::Object(m)
        })
        .collect();
    let links: Vec<Value> = g
        .graph
        .edge_references()
        .map(|e| {
            let mut m = Map::new();
            m.insert("source".into(), json!(ids[e.source().index()]));
            m.insert("target".into(), json!(ids[e.target().index()]));
            for (k, v) in &edge(e.weight()) {
                m.insert((*k).into(), to_json(v));
            }
            Value::Object(m)
        })
        .collect();
    let doc = json!({"directed": true, "multigraph": false, "graph": {"name": "cfp-taxonomy"}, "nodes": nodes, "links": links});
    let mut bytes = serde_json::to_vec_pretty(&doc).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";

/// SKOS: themes are top concepts of one scheme, concepts are narrower than their theme, with
/// their curated aliases as alternative labels.
pub fn skos(d: &Data<'_>) -> io::Result<Vec<u8>> {
    let skos = |term: &str| format!("{SKOS}{term}");
    let (concept_class, scheme_class) = (skos("Concept"), skos("ConceptScheme"));
    let (pref, alt, broader, narrower) = (skos("prefLabel"), skos("altLabel"), skos("broader"), skos("narrower"));
    let (in_scheme, top_of, has_top, definition) =
        (skos("inScheme"), skos("topConceptOf"), skos("hasTopConcept"), skos("definition"));
    let scheme = format!("{BASE_IRI}scheme");
    let theme_iri = |id: &str| format!("{BASE_IRI}theme:{id}");
    let concept_iri = |id: &str| format!("{BASE_IRI}concept:{id}");
    let mut f = rio_turtle::TurtleFormatter::new(Vec::new());
    let mut emit = |s: &str, p: &str, o: Obj<'_>| -> io::Result<()> {
        let object = match o {
            Obj::Iri(iri) => NamedNode { iri }.into(),
            Obj::Text(value) => Literal::LanguageTaggedString { value, language: "en" }.into(),
        };
        f.format(&Triple { subject: NamedNode { iri: s }.into(), predicate: NamedNode { iri: p }, object })
    };
    emit(&scheme, RDF_TYPE, Obj::Iri(&scheme_class))?;
    emit(&scheme, &pref, Obj::Text("cfp-taxonomy: talk ideas and accepted talks"))?;
    for t in d.themes {
        let iri = theme_iri(&t.id);
        emit(&iri, RDF_TYPE, Obj::Iri(&concept_class))?;
        emit(&iri, &pref, Obj::Text(&t.label))?;
        emit(&iri, &definition, Obj::Text(&t.scope))?;
        emit(&iri, &in_scheme, Obj::Iri(&scheme))?;
        emit(&iri, &top_of, Obj::Iri(&scheme))?;
        emit(&scheme, &has_top, Obj::Iri(&iri))?;
    }
    let aliases: std::collections::HashMap<&str, &Vec<String>> =
        d.seeds.concepts.iter().map(|c| (c.label.as_str(), &c.aliases)).collect();
    for c in &d.taxonomy.concepts {
        let iri = concept_iri(&c.concept_id);
        emit(&iri, RDF_TYPE, Obj::Iri(&concept_class))?;
        emit(&iri, &pref, Obj::Text(&c.label))?;
        emit(&iri, &in_scheme, Obj::Iri(&scheme))?;
        emit(&iri, &broader, Obj::Iri(&theme_iri(&c.theme)))?;
        emit(&theme_iri(&c.theme), &narrower, Obj::Iri(&iri))?;
        if c.origin == "alias" {
            for a in aliases.get(c.label.as_str()).copied().into_iter().flatten() {
                emit(&iri, &alt, Obj::Text(a))?;
            }
        }
    }
    f.finish()
}

/// The object of a triple: a resource or an English label.
enum Obj<'a> {
    Iri(&'a str),
    Text(&'a str),
}
