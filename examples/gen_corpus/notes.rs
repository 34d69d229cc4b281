//! The synthetic notes of the peer benchmark, shared by the `gen_corpus` example and the
//! criterion benches (`benches/pipeline.rs`); `sites.rs` lays them out for each tool.
//!
//! Input: a note count and the service catalog. Output: [`Note`]s, text independent of any
//! tool. Deterministic: the same count always gives the same notes.

#![allow(dead_code)]

use serde::Deserialize;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Notes per folder in the nested layout, so section pages and navigation stay a sane size.
pub(crate) const NOTES_PER_FOLDER: usize = 100;
/// Aimed-at size of one note's body, in bytes.
pub(crate) const NOTE_BYTES: usize = 6_000;
/// Bumped whenever the generated text changes, so `bench/compare` regenerates old corpora.
pub(crate) const GENERATOR_VERSION: u32 = 2;

#[derive(Deserialize)]
pub(crate) struct CatalogFile {
    pub service: Vec<CatalogService>,
}

#[derive(Deserialize, Clone)]
pub(crate) struct CatalogService {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub category: Option<String>,
}

/// splitmix64: small, fast, and the same on every platform.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ADJECTIVES: &[&str] = &[
    "managed",
    "serverless",
    "regional",
    "encrypted",
    "batch",
    "streaming",
    "private",
    "shared",
    "custom",
    "pre-trained",
    "multimodal",
    "incremental",
    "durable",
    "low-latency",
    "elastic",
    "cost-aware",
    "versioned",
    "isolated",
    "asynchronous",
    "synchronous",
    "labelled",
    "sparse",
    "dense",
    "tabular",
    "provisioned",
    "on-demand",
    "fine-tuned",
    "quantized",
    "distributed",
    "cached",
    "audited",
    "federated",
    "immutable",
    "ephemeral",
    "scheduled",
    "tiered",
];

const NOUNS: &[&str] = &[
    "endpoint",
    "pipeline",
    "dataset",
    "model",
    "prompt",
    "embedding",
    "feature",
    "training job",
    "inference request",
    "latency budget",
    "throughput limit",
    "quota",
    "role",
    "policy",
    "bucket",
    "cluster",
    "notebook",
    "token",
    "checkpoint",
    "artifact",
    "guardrail",
    "evaluation",
    "drift report",
    "label",
    "annotation",
    "vector index",
    "chunk",
    "retriever",
    "schema",
    "partition",
    "workflow",
    "alarm",
    "metric",
    "trace",
    "secret",
    "key",
    "subnet",
    "container",
    "instance",
    "accelerator",
    "transcript",
    "entity",
    "sentiment score",
    "document",
    "invoice",
    "image",
    "video frame",
    "recommendation",
    "forecast",
    "baseline",
    "hyperparameter",
    "batch transform",
    "knowledge base",
    "agent",
    "action group",
    "session",
    "context window",
    "temperature setting",
    "reranker",
    "crawler",
    "catalog table",
    "query",
];

const VERBS: &[&str] = &[
    "deploys",
    "stores",
    "transforms",
    "monitors",
    "encrypts",
    "scales",
    "tunes",
    "labels",
    "evaluates",
    "invokes",
    "caches",
    "streams",
    "retrieves",
    "indexes",
    "validates",
    "routes",
    "summarises",
    "translates",
    "detects",
    "classifies",
    "extracts",
    "schedules",
    "audits",
    "compresses",
    "replicates",
    "partitions",
    "shards",
    "throttles",
    "batches",
    "filters",
];

const CLAUSES: &[&str] = &[
    "the workload spikes at the end of the month",
    "the data must stay inside the account",
    "the exam question mentions the lowest operational overhead",
    "the team has no machine learning experience",
    "the answer has to cite its sources",
    "latency matters more than cost",
    "the model has to be retrained every week",
    "personal data has to be masked before storage",
    "the traffic is unpredictable",
    "auditors ask who changed what and when",
    "several teams share the same features",
    "the input arrives as scanned paper forms",
    "the budget is fixed for the quarter",
    "a human has to review low-confidence results",
    "the results must be reproducible months later",
];

const TOPICS: &[&str] = &[
    "Choosing a deployment option",
    "Securing the data path",
    "Cost levers",
    "Monitoring in production",
    "Preparing training data",
    "Evaluating answers",
    "Retrieval and grounding",
    "Scaling inference",
    "Governance checklist",
    "Common exam traps",
    "Integration patterns",
    "Quotas and limits",
    "Responsible use",
    "Troubleshooting",
    "Migration notes",
    "Architecture sketch",
];

const SUBTOPICS: &[&str] = &[
    "How it works",
    "When to use it",
    "When not to use it",
    "Pricing model",
    "Limits",
    "Security",
    "Key terms",
    "Worked example",
    "Pitfalls",
    "Exam angle",
    "Alternatives",
];

const FACETS: &[&str] = &[
    "Purpose",
    "Use cases",
    "Integrations",
    "Pricing",
    "Input",
    "Limits",
];

const TAGS: &[&str] = &[
    "genai",
    "mlops",
    "security",
    "data",
    "exam",
    "architecture",
    "cost",
    "monitoring",
    "rag",
    "nlp",
    "vision",
    "governance",
    "streaming",
    "storage",
];

const LANGUAGES: &[&str] = &["python", "json", "bash", "yaml"];

/// One generated note, independent of any tool's front matter.
pub(crate) struct Note {
    /// Folder number (`area-007`).
    pub folder: usize,
    /// Place in its folder, from 1 (the `weight` of its front matter).
    pub weight: usize,
    /// Note number across the corpus.
    pub number: usize,
    /// Title, for front matter or mdBook's first heading.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Tags (left out for Zola, which only knows its taxonomies).
    pub tags: Vec<&'static str>,
    /// The markdown body, the same for every tool.
    pub body: String,
}

impl Note {
    /// File stem of the note (`note-00042`).
    pub(crate) fn slug(&self) -> String {
        format!("note-{:05}", self.number)
    }
}

/// `a dataset`, `an endpoint`.
fn article(phrase: &str) -> String {
    let vowel = phrase.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {phrase}", if vowel { "An" } else { "A" })
}

fn sentence(random: &mut Random, services: &[&CatalogService]) -> String {
    let subject = match random.below(4) {
        0 => {
            let service = random.pick(services);
            // Aliases are matched too: use them now and then, as real notes do.
            match random.below(3) {
                0 if !service.aliases.is_empty() => random.pick(&service.aliases).clone(),
                _ => service.name.clone(),
            }
        }
        1 => article(&format!(
            "{} {}",
            random.pick(ADJECTIVES),
            random.pick(NOUNS)
        )),
        2 => format!("The {}", random.pick(NOUNS)),
        _ => format!("Each {} {}", random.pick(ADJECTIVES), random.pick(NOUNS)),
    };
    let object = format!("the {} {}", random.pick(ADJECTIVES), random.pick(NOUNS));
    let mut text = format!("{subject} {} {object}", random.pick(VERBS));
    match random.below(3) {
        0 => write!(text, " when {}", random.pick(CLAUSES)).unwrap(),
        1 => write!(
            text,
            ", so {} {} stays small",
            random.pick(ADJECTIVES),
            random.pick(NOUNS)
        )
        .unwrap(),
        _ => {}
    }
    text.push('.');
    text
}

fn paragraph(random: &mut Random, services: &[&CatalogService], sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(random, services))
        .collect::<Vec<_>>()
        .join(" ")
}

fn fact_bullets(random: &mut Random, others: &[&CatalogService]) -> String {
    let mut text = String::new();
    let count = 3 + random.below(3);
    let start = random.below(FACETS.len());
    for k in 0..count {
        let facet = FACETS[(start + k) % FACETS.len()];
        let value = match facet {
            "Integrations" => format!("{}, {}", others[0].name, others[1].name),
            "Pricing" => format!(
                "per {} plus storage; {} is extra",
                random.pick(NOUNS),
                random.pick(NOUNS)
            ),
            _ => format!(
                "{} {} for {} {}",
                random.pick(VERBS),
                random.pick(NOUNS),
                random.pick(ADJECTIVES),
                random.pick(NOUNS)
            ),
        };
        writeln!(text, "- **{facet}:** {value}").unwrap();
    }
    text
}

fn table(random: &mut Random, a: &CatalogService, b: &CatalogService) -> String {
    let mut text = format!(
        "| Aspect | {} | {} |\n| --- | --- | --- |\n",
        a.name, b.name
    );
    for facet in FACETS.iter().take(3 + random.below(3)) {
        writeln!(
            text,
            "| {facet} | {} {} | {} {} |",
            random.pick(ADJECTIVES),
            random.pick(NOUNS),
            random.pick(ADJECTIVES),
            random.pick(NOUNS)
        )
        .unwrap();
    }
    text
}

fn code_block(random: &mut Random, service: &CatalogService, number: usize) -> String {
    let client = service
        .name
        .trim_start_matches("Amazon ")
        .trim_start_matches("AWS ")
        .to_lowercase()
        .replace(' ', "-");
    match *random.pick(LANGUAGES) {
        "python" => format!(
            "```python\nimport boto3\n\nclient = boto3.client(\"{client}\")\nresponse = client.describe(Name=\"bench-{number}\", MaxResults={})\nfor item in response.get(\"Items\", []):\n    print(item[\"Name\"], item.get(\"Status\"))\n```\n",
            10 + random.below(90)
        ),
        "json" => format!(
            "```json\n{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{{\n    \"Effect\": \"Allow\",\n    \"Action\": [\"{client}:Invoke*\"],\n    \"Resource\": \"arn:aws:{client}:us-east-1:123456789012:bench/{number}\"\n  }}]\n}}\n```\n"
        ),
        "bash" => format!(
            "```bash\naws {client} list-resources --max-items {} \\\n  --query 'Items[].Name' --output text\n```\n",
            5 + random.below(50)
        ),
        _ => format!(
            "```yaml\nResources:\n  Bench{number}:\n    Type: AWS::{}::Resource\n    Properties:\n      Name: bench-{number}\n```\n",
            client.replace('-', "")
        ),
    }
}

pub(crate) fn make_note(
    number: usize,
    catalog: &[CatalogService],
    folders: usize,
    per_folder: usize,
) -> Note {
    let mut random = Random(0x5eed_0000 + number as u64);
    let folder = number / per_folder;
    let mut picked: Vec<&CatalogService> = Vec::new();
    while picked.len() < 4 {
        let service = random.pick(catalog);
        if !picked.iter().any(|p| p.name == service.name) {
            picked.push(service);
        }
    }
    let topic = random.pick(TOPICS);
    let title = format!("{} with {} ({number})", topic, picked[0].name);
    let description = format!(
        "Study note {number}: {} for {} and {}.",
        topic.to_lowercase(),
        picked[0].name,
        picked[1].name
    );
    let date = format!(
        "2024-{:02}-{:02}",
        1 + random.below(12),
        1 + random.below(28)
    );
    let mut tags = vec![*random.pick(TAGS)];
    let second = *random.pick(TAGS);
    if second != tags[0] {
        tags.push(second);
    }
    let mut body = String::new();
    writeln!(body, "{}\n", paragraph(&mut random, &picked, 4)).unwrap();
    for (k, service) in picked.iter().take(2).enumerate() {
        writeln!(body, "## {}\n", service.name).unwrap();
        writeln!(body, "{}\n", paragraph(&mut random, &picked, 3)).unwrap();
        writeln!(body, "{}", fact_bullets(&mut random, &picked[2..])).unwrap();
        writeln!(body, "### {}\n", SUBTOPICS[(number + k) % SUBTOPICS.len()]).unwrap();
        writeln!(body, "{}\n", paragraph(&mut random, &picked, 4)).unwrap();
    }
    writeln!(body, "## Comparison\n").unwrap();
    writeln!(body, "{}", table(&mut random, picked[0], picked[1])).unwrap();
    writeln!(body, "{}\n", paragraph(&mut random, &picked, 2)).unwrap();
    writeln!(body, "## Example\n").unwrap();
    writeln!(body, "{}", code_block(&mut random, picked[0], number)).unwrap();
    writeln!(body, "## Exam tips\n").unwrap();
    let target = NOTE_BYTES - 700 + random.below(1_000);
    let mut subsection = 0;
    while body.len() < target {
        if subsection % 3 == 2 {
            writeln!(
                body,
                "### {}\n",
                SUBTOPICS[(number + subsection) % SUBTOPICS.len()]
            )
            .unwrap();
        }
        if subsection % 2 == 0 {
            for _ in 0..3 {
                writeln!(body, "- {}", sentence(&mut random, &picked)).unwrap();
            }
            body.push('\n');
        } else {
            writeln!(body, "{}\n", paragraph(&mut random, &picked, 3)).unwrap();
        }
        subsection += 1;
    }
    writeln!(body, "## See also\n").unwrap();
    let in_folder = |n: usize| n / per_folder == folder;
    let neighbours: Vec<usize> = [number.wrapping_sub(1), number + 1]
        .into_iter()
        .filter(|&n| n != usize::MAX && in_folder(n) && n < folders * per_folder)
        .collect();
    for n in neighbours {
        writeln!(body, "- [Note {n}](note-{n:05}.md)").unwrap();
    }
    Note {
        folder,
        weight: number % per_folder + 1,
        number,
        title,
        description,
        date,
        tags,
        body,
    }
}

pub(crate) fn folder_name(folder: usize) -> String {
    format!("area-{folder:03}")
}

pub(crate) fn folder_title(folder: usize) -> String {
    format!("Area {folder}: {}", TOPICS[folder % TOPICS.len()])
}

/// How many of the catalog's first services (in file order) the corpus names: the 130 it
/// had when this generator version was made. Services added to the catalog later go at
/// its end and leave the corpus as it was, so figures stay comparable across commits.
const CATALOG_SERVICES_USED: usize = 130;

/// The catalog's first [`CATALOG_SERVICES_USED`] services, sorted by name (a stable order
/// whatever their order in the file).
pub(crate) fn catalog(manifest_dir: &Path) -> Vec<CatalogService> {
    let path = manifest_dir.join("content/services.toml");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut services = toml::from_str::<CatalogFile>(&text)
        .expect("services.toml parses")
        .service;
    services.truncate(CATALOG_SERVICES_USED);
    services.sort_by(|a, b| a.name.cmp(&b.name));
    services
}

/// The `count` notes of the corpus, [`NOTES_PER_FOLDER`] a folder, and the number of
/// folders they fill.
pub(crate) fn notes(count: usize, services: &[CatalogService]) -> (Vec<Note>, usize) {
    notes_in_folders(count, services, NOTES_PER_FOLDER)
}

/// The `count` notes of the corpus, `per_folder` a folder (the flat layout puts them all in
/// one), and the number of folders they fill. A note's text does not depend on the layout,
/// except for its "See also" links, which stay within its folder.
pub(crate) fn notes_in_folders(
    count: usize,
    services: &[CatalogService],
    per_folder: usize,
) -> (Vec<Note>, usize) {
    let per_folder = per_folder.max(1);
    let folders = count.div_ceil(per_folder);
    (
        (0..count)
            .map(|n| make_note(n, services, folders, per_folder))
            .collect(),
        folders,
    )
}
