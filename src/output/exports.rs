//! The graph and the taxonomy in exchange formats: GraphML (Gephi, networkx, yEd), DOT
//! (Graphviz), node-link JSON (d3, networkx) and SKOS in Turtle (taxonomy tools).
//!
//! Every export walks the same node and edge lists in graph order, so the files are the same
//! bytes for the same inputs. They are streamed to their files: at ten thousand sources the
//! graph files are hundreds of megabytes, which need not sit in memory.
//!
//! Above [`ITEM_NODES_MAX`] items the GraphML and JSON exports fold the item nodes away: each
//! source gets one `mentions` edge per concept, weighted by how many of its items link to it.
//! A graph of half a million item nodes opens in no graph tool, and every item is in the
//! `items` and `item_concepts` tables anyway.

use std::io::{self, Write};

use oxrdf::{LiteralRef, NamedNodeRef, TermRef, TripleRef};
use oxttl::TurtleSerializer;
use petgraph::dot::{Config, Dot};
use petgraph::visit::EdgeRef;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::ser::{SerializeMap, Serializer};

use super::File;
use super::tables::Data;
use crate::graph::{Edge, Node, TaxonomyGraph};

/// Where the SKOS concepts live; a URN, since the taxonomy has no home page of its own.
pub const BASE_IRI: &str = "urn:cfp-taxonomy:";

/// Above this many items, GraphML and JSON carry sources → concepts instead of item nodes.
pub const ITEM_NODES_MAX: usize = 20_000;

/// A typed attribute value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Attr<'a> {
    Text(&'a str),
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

/// How the graph files show items: as nodes, or folded into weighted source → concept edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    /// Every item is a node: source → item → concept.
    Nodes,
    /// Items are folded away: source → concept, weighted by the source's items.
    Folded,
}

impl Items {
    /// What a build of `items` items writes.
    pub fn for_count(items: usize) -> Items {
        if items > ITEM_NODES_MAX { Items::Folded } else { Items::Nodes }
    }

    /// The spelling in the files' graph attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Items::Nodes => "nodes",
            Items::Folded => "folded",
        }
    }
}

/// An edge as exported: one of the graph's, or a folded source → concept edge.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ExportEdge {
    Graph(Edge),
    /// The source has this many items linked to the concept.
    Folded(u32),
}

/// The nodes and edges the graph files write, in a fixed order.
struct View {
    nodes: Vec<Node>,
    edges: Vec<(usize, usize, ExportEdge)>,
}

impl View {
    fn new(g: &TaxonomyGraph, items: Items) -> View {
        let keep = |n: &Node| items == Items::Nodes || !matches!(n, Node::Item(_));
        let mut nodes = Vec::new();
        let mut position = vec![usize::MAX; g.graph.node_count()];
        for n in g.graph.node_indices() {
            if keep(&g.graph[n]) {
                position[n.index()] = nodes.len();
                nodes.push(g.graph[n]);
            }
        }
        let mut edges = Vec::new();
        for e in g.graph.edge_references() {
            let (a, b) = (position[e.source().index()], position[e.target().index()]);
            if a != usize::MAX && b != usize::MAX {
                edges.push((a, b, ExportEdge::Graph(*e.weight())));
            }
        }
        if items == Items::Folded {
            for (s, &node) in g.sources.iter().enumerate() {
                let mut counts: std::collections::BTreeMap<usize, u32> = std::collections::BTreeMap::new();
                for i in g.items_of_source(s) {
                    for c in g.concepts_of_item(i) {
                        *counts.entry(c).or_default() += 1;
                    }
                }
                for (c, n) in counts {
                    edges.push((position[node.index()], position[g.concepts[c].index()], ExportEdge::Folded(n)));
                }
            }
        }
        View { nodes, edges }
    }
}

/// The id and attributes of a node.
fn node<'a>(d: &Data<'a>, n: Node) -> (String, Vec<(&'static str, Attr<'a>)>) {
    match n {
        Node::Source(i) => {
            let s = &d.sources[i];
            (
                format!("source:{}", s.source.id),
                vec![
                    ("kind", Attr::Text("source")),
                    ("label", Attr::Text(&s.source.title)),
                    ("year", Attr::Int(i64::from(s.source.year))),
                    ("status", Attr::Text(s.status.as_str())),
                    ("url", Attr::Text(&s.source.url)),
                ],
            )
        }
        Node::Item(i) => {
            let it = &d.items[i];
            (
                format!("item:{}", it.item_id),
                vec![
                    ("kind", Attr::Text("item")),
                    ("label", Attr::Text(&it.text)),
                    ("year", Attr::Int(i64::from(it.year))),
                    ("theme", Attr::Text(&d.taxonomy.item_themes[i].theme)),
                    ("polarity", Attr::Text(it.polarity.as_str())),
                ],
            )
        }
        Node::Concept(i) => {
            let c = &d.taxonomy.concepts[i];
            let m = &d.analysis.metrics[i];
            (
                format!("concept:{}", c.concept_id),
                vec![
                    ("kind", Attr::Text("concept")),
                    ("label", Attr::Text(&c.label)),
                    ("theme", Attr::Text(&c.theme)),
                    ("item_count", Attr::Int(i64::from(d.analysis.concepts[i].item_count))),
                    ("pagerank", Attr::Float(m.pagerank)),
                    ("community", Attr::Int(i64::from(m.community))),
                ],
            )
        }
        Node::Theme(i) => {
            let t = &d.themes[i];
            (format!("theme:{}", t.id), vec![("kind", Attr::Text("theme")), ("label", Attr::Text(&t.label))])
        }
    }
}

/// The kind, method and weight of an edge.
fn edge(e: &ExportEdge) -> Vec<(&'static str, Attr<'static>)> {
    let kind = |k: &'static str| ("kind", Attr::Text(k));
    match e {
        ExportEdge::Graph(Edge::Mentions) => vec![kind("mentions"), ("weight", Attr::Float(1.0))],
        ExportEdge::Folded(n) => vec![kind("mentions"), ("weight", Attr::Float(f64::from(*n)))],
        ExportEdge::Graph(Edge::NormalizesTo(method, score)) => {
            vec![kind("normalises_to"), ("method", Attr::Text(method.as_str())), ("weight", Attr::Float(*score))]
        }
        ExportEdge::Graph(Edge::BelongsTo) => vec![kind("belongs_to"), ("weight", Attr::Float(1.0))],
        ExportEdge::Graph(Edge::LinksTo) => vec![kind("links_to"), ("weight", Attr::Float(1.0))],
        ExportEdge::Graph(Edge::CoOccurs(n)) => vec![kind("co_occurs"), ("weight", Attr::Float(f64::from(*n)))],
    }
}

fn attr_text(a: &Attr<'_>) -> String {
    match a {
        Attr::Text(s) => (*s).to_string(),
        Attr::Int(i) => i.to_string(),
        Attr::Float(f) => f.to_string(),
    }
}

/// All four exports as files for the output folder, written when the folder is.
pub fn files<'a>(d: &'a Data<'a>, g: &'a TaxonomyGraph, items: Items) -> Vec<File<'a>> {
    // One view for both graph files, which are written at the same time.
    let view = std::sync::Arc::new(View::new(g, items));
    let for_json = std::sync::Arc::clone(&view);
    vec![
        File::streamed("graph.graphml", move |w| graphml(d, &view, items, w)),
        File::streamed("graph.dot", move |w| w.write_all(dot(d, g).as_bytes())),
        File::streamed("graph.json", move |w| node_link(d, &for_json, items, w)),
        File::streamed("taxonomy.ttl", move |w| skos(d, w)),
    ]
}

/// GraphML with typed attribute keys, so Gephi and networkx read years and counts as numbers.
fn graphml(d: &Data<'_>, view: &View, items: Items, out: &mut dyn Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    w.write_event(Event::Start(root))?;
    w.create_element("key")
        .with_attributes([("id", "graph_items"), ("for", "graph"), ("attr.name", "items"), ("attr.type", "string")])
        .write_empty()?;
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
    w.create_element("data")
        .with_attribute(("key", "graph_items"))
        .write_text_content(BytesText::new(items.as_str()))?;
    let node_keys: Vec<String> = NODE_KEYS.iter().map(|(k, _)| format!("node_{k}")).collect();
    let edge_keys: Vec<String> = EDGE_KEYS.iter().map(|(k, _)| format!("edge_{k}")).collect();
    let mut ids = Vec::with_capacity(view.nodes.len());
    for &n in &view.nodes {
        let (id, attrs) = node(d, n);
        let mut start = BytesStart::new("node");
        start.push_attribute(("id", id.as_str()));
        w.write_event(Event::Start(start))?;
        write_data(&mut w, NODE_KEYS, &node_keys, &attrs)?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
        ids.push(id);
    }
    for (a, b, link) in &view.edges {
        let mut start = BytesStart::new("edge");
        start.push_attribute(("source", ids[*a].as_str()));
        start.push_attribute(("target", ids[*b].as_str()));
        w.write_event(Event::Start(start))?;
        write_data(&mut w, EDGE_KEYS, &edge_keys, &edge(link))?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.into_inner().write_all(b"\n")
}

fn write_data<W: Write>(
    w: &mut Writer<W>,
    keys: &[(&str, &str)],
    key_ids: &[String],
    attrs: &[(&str, Attr<'_>)],
) -> io::Result<()> {
    for (name, value) in attrs {
        let key = keys.iter().position(|(k, _)| k == name).map_or("", |i| key_ids[i].as_str());
        let text = attr_text(value);
        w.create_element("data").with_attribute(("key", key)).write_text_content(BytesText::new(&xml_chars(&text)))?;
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

/// Text without the characters XML 1.0 forbids even escaped (control characters other than
/// tab, line feed and carriage return; U+FFFE and U+FFFF): a post's `&#1;` would otherwise make
/// the whole file unreadable to networkx and Gephi.
fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    let allowed =
        |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().all(allowed) { s.into() } else { s.chars().filter(|&c| allowed(c)).collect::<String>().into() }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
}

/// Node-link JSON as d3 and `networkx.node_link_graph(data, edges="links")` read it: one node or
/// link a line, so that two builds diff line by line.
fn node_link(d: &Data<'_>, view: &View, items: Items, out: &mut dyn Write) -> io::Result<()> {
    write!(
        out,
        "{{\"directed\": true, \"multigraph\": false, \"graph\": {{\"name\": \"cfp-taxonomy\", \"items\": \"{}\"}},\n\"nodes\": [",
        items.as_str()
    )?;
    let mut ids = Vec::with_capacity(view.nodes.len());
    for (k, &n) in view.nodes.iter().enumerate() {
        let (id, attrs) = node(d, n);
        out.write_all(if k == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &JsonObject { first: ("id", Attr::Text(&id)), rest: &attrs })?;
        ids.push(id);
    }
    out.write_all(b"\n],\n\"links\": [")?;
    for (k, (a, b, link)) in view.edges.iter().enumerate() {
        out.write_all(if k == 0 { b"\n" } else { b",\n" })?;
        let ends = [("source", Attr::Text(&ids[*a])), ("target", Attr::Text(&ids[*b]))];
        let attrs: Vec<(&str, Attr<'_>)> = ends.into_iter().chain(edge(link)).collect();
        serde_json::to_writer(&mut *out, &JsonObject { first: attrs[0], rest: &attrs[1..] })?;
    }
    out.write_all(b"\n]}\n")
}

/// One JSON object of attributes, serialised without building a `serde_json::Value`.
struct JsonObject<'a, 'b> {
    first: (&'static str, Attr<'a>),
    rest: &'b [(&'static str, Attr<'a>)],
}

impl serde::Serialize for JsonObject<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1 + self.rest.len()))?;
        for (k, v) in std::iter::once(&self.first).chain(self.rest) {
            match v {
                Attr::Text(t) => map.serialize_entry(k, t)?,
                Attr::Int(i) => map.serialize_entry(k, i)?,
                Attr::Float(f) => map.serialize_entry(k, f)?,
            }
        }
        map.end()
    }
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";

/// SKOS: themes are top concepts of one scheme, concepts are narrower than their theme, with
/// their curated aliases as alternative labels.
pub fn skos(d: &Data<'_>, out: &mut dyn Write) -> io::Result<()> {
    let skos = |term: &str| format!("{SKOS}{term}");
    let (concept_class, scheme_class) = (skos("Concept"), skos("ConceptScheme"));
    let (pref, alt, broader, narrower) = (skos("prefLabel"), skos("altLabel"), skos("broader"), skos("narrower"));
    let (in_scheme, top_of, has_top, definition) =
        (skos("inScheme"), skos("topConceptOf"), skos("hasTopConcept"), skos("definition"));
    let scheme = format!("{BASE_IRI}scheme");
    let theme_iri = |id: &str| format!("{BASE_IRI}theme:{id}");
    let concept_iri = |id: &str| format!("{BASE_IRI}concept:{id}");
    let mut f = TurtleSerializer::new().for_writer(out);
    // The IRIs are built here from slugs and constants, so they need no validation.
    let mut emit = |s: &str, p: &str, o: Obj<'_>| -> io::Result<()> {
        let object: TermRef<'_> = match o {
            Obj::Iri(iri) => NamedNodeRef::new_unchecked(iri).into(),
            Obj::Text(value) => LiteralRef::new_language_tagged_literal_unchecked(value, "en").into(),
        };
        f.serialize_triple(TripleRef::new(NamedNodeRef::new_unchecked(s), NamedNodeRef::new_unchecked(p), object))
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
    let aliases: foldhash::HashMap<&str, &Vec<String>> =
        d.seeds.concepts.iter().map(|c| (c.label.as_str(), &c.aliases)).collect();
    for c in &d.taxonomy.concepts {
        let iri = concept_iri(&c.concept_id);
        emit(&iri, RDF_TYPE, Obj::Iri(&concept_class))?;
        emit(&iri, &pref, Obj::Text(&c.label))?;
        emit(&iri, &in_scheme, Obj::Iri(&scheme))?;
        emit(&iri, &broader, Obj::Iri(&theme_iri(&c.theme)))?;
        emit(&theme_iri(&c.theme), &narrower, Obj::Iri(&iri))?;
        if c.origin == crate::model::ConceptOrigin::Alias {
            for a in aliases.get(c.label.as_str()).copied().into_iter().flatten() {
                emit(&iri, &alt, Obj::Text(a))?;
            }
        }
    }
    f.finish().map(drop)
}

/// The object of a triple: a resource or an English label.
enum Obj<'a> {
    Iri(&'a str),
    Text(&'a str),
}
