//! A synthetic corpus for benchmarks: idea posts (HTML and Markdown) and program CSVs in
//! realistic proportions and sizes, with near-duplicate ideas across sources and years.
//!
//! Every source is generated from its own seed (the corpus seed and its index), so any source
//! can be made on its own, in any order, and the corpus is the same on every machine.

use fastrand::Rng;

/// Products and subjects ideas are about.
const SUBJECTS: &[&str] = &[
    "Django",
    "the ORM",
    "HTMX",
    "Alpine.js",
    "Tailwind CSS",
    "PostgreSQL",
    "Redis",
    "Celery",
    "Channels",
    "websockets",
    "Django REST Framework",
    "Django Ninja",
    "GraphQL",
    "Wagtail",
    "the Django admin",
    "migrations",
    "async views",
    "type hints",
    "mypy",
    "pytest",
    "Playwright",
    "Docker",
    "Kubernetes",
    "serverless",
    "GitHub Actions",
    "PyScript",
    "WebAssembly",
    "Rust extensions",
    "free-threaded Python",
    "the GIL",
    "caching",
    "full-text search",
    "GeoDjango",
    "pandas",
    "LLMs",
    "coding assistants",
    "machine learning",
    "accessibility",
    "security headers",
    "authentication",
    "multi-tenancy",
    "domain-driven design",
    "feature flags",
    "observability",
    "packaging",
    "open source maintenance",
    "the DSF",
    "mentoring",
    "career growth",
    "engineering management",
    "technical writing",
    "public speaking",
];

/// Angles on a subject.
const ANGLES: &[&str] = &[
    "A deep dive into {}",
    "Lessons from running {} in production",
    "What's new in {}",
    "Testing {}",
    "Scaling {}",
    "{} for beginners",
    "Best practices for {}",
    "Migrating to {}",
    "Securing {}",
    "Profiling {}",
    "The future of {}",
    "{} in 2025",
    "Beyond the basics of {}",
    "{} at a small company",
    "When not to use {}",
    "A case study of {}",
    "Teaching {}",
    "Debugging {}",
    "{} and the Django ORM",
    "Contributing to {}",
];

/// Tails some authors add; the same idea with and without them is a near-duplicate.
const TAILS: &[&str] =
    &["", "", "", " at scale", " (a case study)", " in practice", ", honestly", " for Django developers"];

const SECTIONS: &[&str] = &[
    "Frontend",
    "Data",
    "Deployment",
    "Community",
    "Architecture",
    "Testing and quality",
    "AI",
    "Career",
    "New features",
    "Performance",
    "Security",
    "Packages and CMS",
];

const TAGS: &[&str] = &[
    "frontend",
    "orm",
    "postgres",
    "deployment",
    "community",
    "testing",
    "security",
    "performance",
    "async",
    "ai",
    "career",
    "cms",
    "api",
    "python",
    "architecture",
    "data science",
];

const WORDS: &[&str] = &[
    "talk",
    "show",
    "how",
    "teams",
    "use",
    "real",
    "project",
    "lessons",
    "learned",
    "would",
    "love",
    "see",
    "someone",
    "explain",
    "trade-offs",
    "production",
    "stories",
    "practical",
    "examples",
    "audience",
    "beginners",
    "experts",
];

/// One generated source: its manifest entry and its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSource {
    /// The `[[source]]` entry.
    pub manifest_entry: String,
    /// `ID.html`, `ID.md` or `ID.csv`.
    pub file_name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

fn idea(rng: &mut Rng) -> String {
    let subject = SUBJECTS[rng.usize(..SUBJECTS.len())];
    let angle = ANGLES[rng.usize(..ANGLES.len())];
    let tail = TAILS[rng.usize(..TAILS.len())];
    format!("{}{tail}", angle.replacen("{}", subject, 1))
}

fn prose(rng: &mut Rng, words: usize) -> String {
    let mut out: Vec<&str> = (0..words).map(|_| WORDS[rng.usize(..WORDS.len())]).collect();
    if let Some(first) = out.first_mut() {
        *first = "I";
    }
    format!("{}.", out.join(" "))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Source `index` of a corpus made with `seed`.
pub fn source(seed: u64, index: usize) -> SynthSource {
    let mut rng = Rng::with_seed(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let id = format!("syn-{index:05}");
    let year = 2016 + (index % 10) as i32;
    // 45% Markdown posts, 40% HTML posts, 15% programs: the shared corpus's proportions.
    let (kind, format, ext) = match index % 20 {
        0..=8 => ("ideas", "markdown", "md"),
        9..=16 => ("ideas", "html", "html"),
        _ => ("program", "csv", "csv"),
    };
    let bytes = match format {
        "markdown" => markdown(&mut rng, year),
        "html" => html(&mut rng, year),
        _ => program(&mut rng, year),
    };
    let manifest_entry = format!(
        "[[source]]\nid = \"{id}\"\ntitle = \"Synthetic {kind} {index}\"\nauthor = \"Author {}\"\nevent = \"SynthCon\"\nyear = {year}\nkind = \"{kind}\"\nformat = \"{format}\"\nurl = \"https://synthetic.example/{id}/\"\n\n",
        index % 97
    );
    SynthSource { manifest_entry, file_name: format!("{id}.{ext}"), bytes }
}

fn markdown(rng: &mut Rng, year: i32) -> Vec<u8> {
    let mut out = format!(
        "---\ntitle: \"Talks I'd like to see at SynthCon {year}\"\nlayout: post\n---\n\n{}\n\n",
        prose(rng, 60)
    );
    if rng.bool() {
        // A list post: sections of ideas, some with sub-ideas.
        for _ in 0..rng.usize(6..10) {
            out += &format!("## {}\n\n{}\n\n", SECTIONS[rng.usize(..SECTIONS.len())], prose(rng, 25));
            for _ in 0..rng.usize(4..8) {
                out += &format!("- {}\n", idea(rng));
                if rng.u8(..10) == 0 {
                    out += &format!("  - {}\n", idea(rng));
                }
            }
            out.push('\n');
        }
    } else {
        // A heading post: one idea per heading, with prose.
        for _ in 0..rng.usize(20..35) {
            out += &format!("## {}\n\n{}\n\n", idea(rng), prose(rng, 40));
        }
    }
    out += "## Good luck\n\nSubmit early.\n";
    out.into_bytes()
}

fn html(rng: &mut Rng, year: i32) -> Vec<u8> {
    let mut out = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SynthCon {year} topics</title></head><body>\
         <div class=\"navbar\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/about/\">About</a></li><li><a href=\"/archive/\">Archive</a></li></ul></div>\
         <div class=\"document\"><div class=\"body\" role=\"main\"><section><h1>SynthCon {year} topics</h1><p>{}</p>",
        prose(rng, 50)
    );
    for _ in 0..rng.usize(8..14) {
        out += &format!("<p>{}</p><ul class=\"simple\">", escape(SECTIONS[rng.usize(..SECTIONS.len())]));
        for _ in 0..rng.usize(3..7) {
            out += &format!("<li><p>{}</p></li>", escape(&idea(rng)));
        }
        out += "</ul>";
    }
    out += &format!(
        "<p>{}</p></section><div class=\"prev-next\"><a href=\"/older/\">Older post</a></div></div></div>",
        prose(rng, 30)
    );
    out += "<div class=\"sphinxsidebar\" role=\"navigation\"><h3>Navigation</h3><ul>";
    for n in 0..25 {
        out += &format!("<li><a href=\"/post-{n}/\">An older post about something else, number {n}</a></li>");
    }
    out += "</ul></div><div class=\"footer\">&copy; Someone. Powered by a static site generator.</div></body></html>";
    out.into_bytes()
}

fn program(rng: &mut Rng, year: i32) -> Vec<u8> {
    let mut out = String::from("year,title,tags,kind,start,url\n");
    out += &format!("{year},Opening Remarks,,talks,,\n");
    for n in 0..rng.usize(40..60) {
        let tags: Vec<&str> = (0..rng.usize(1..4)).map(|_| TAGS[rng.usize(..TAGS.len())]).collect();
        out += &format!(
            "{year},\"{}\",{},talks,,https://synthetic.example/talks/{n}/\n",
            idea(rng).replace('"', "'"),
            tags.join(";")
        );
    }
    out += &format!("{year},Lightning Talks,,talks,,\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    #[test]
    fn sources_are_deterministic_realistic_and_readable() {
        assert_eq!(source(7, 3), source(7, 3));
        assert_ne!(source(7, 3).bytes, source(8, 3).bytes);
        let sizes: Vec<usize> = (0..40).map(|i| source(1, i).bytes.len()).collect();
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!((4_000..20_000).contains(&mean), "about 10 KB a source, like the real posts: {mean}");
        let manifest: String = (0..40).map(|i| source(1, i).manifest_entry).collect();
        let sources = crate::sources::parse(&manifest, std::path::Path::new("synthetic.toml")).unwrap();
        for (s, i) in sources.iter().zip(0..) {
            let file = source(1, i);
            let e = extract(s, &file.bytes, None).unwrap();
            assert!(e.items.len() >= 15, "{}: {} items", s.id, e.items.len());
            assert!(!e.items.iter().any(|it| it.text.contains("older post") || it.text == "Home"), "furniture leaked");
        }
    }
}
