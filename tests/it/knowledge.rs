//! Service knowledge on a fixture site: services found and not found, mentions, own
//! sections, facts, glossary and comparisons — checked on the model and in the built HTML.

use crate::common::*;
use notesite::content::load::{load, LoadOptions};
use notesite::ids::ServiceId;
use notesite::knowledge::{gather, Knowledge};

fn knowledge_of(
    site: &std::path::Path,
) -> (
    notesite::content::Corpus,
    Knowledge,
    Vec<notesite::diagnostics::Diagnostic>,
) {
    let loaded = load(&site.join("content"), site, LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let mut warnings = Vec::new();
    let knowledge = gather(&loaded.corpus, &site.join("content"), site, &mut warnings).unwrap();
    (loaded.corpus, knowledge, warnings)
}

fn service(k: &Knowledge, name: &str) -> ServiceId {
    k.services
        .lookup(name)
        .unwrap_or_else(|| panic!("{name} is not a service"))
}

#[test]
fn look_alike_phrases_are_not_services_and_prefix_variants_merge() {
    let (_, k, _) = knowledge_of(&fixture("knowledge"));
    for phrase in [
        "AWS Certified",
        "AWS Services",
        "AWS Cloud",
        "AWS Infrastructure",
        "AWS Certified AI Practitioner",
    ] {
        assert!(
            k.services.lookup(phrase).is_none(),
            "{phrase} became a service"
        );
        assert!(
            k.services.find(phrase).next().is_none(),
            "{phrase} matched a service"
        );
    }
    assert_eq!(
        k.services.lookup("AWS Bedrock"),
        k.services.lookup("Amazon Bedrock")
    );
    let bedrock = service(&k, "Amazon Bedrock");
    let aws_bedrock_mention = k
        .mentions
        .iter()
        .find(|m| m.sentence.contains("AWS Bedrock"))
        .expect("AWS Bedrock is found");
    assert_eq!(aws_bedrock_mention.service, bedrock);
}

#[test]
fn longest_names_win_and_code_and_urls_are_not_mentions() {
    let (_, k, _) = knowledge_of(&fixture("knowledge"));
    let clarify = service(&k, "Amazon SageMaker Clarify");
    let glacier = service(&k, "Amazon S3 Glacier");
    let sentence = k
        .mentions
        .iter()
        .find(|m| m.service == clarify && !m.in_heading)
        .unwrap();
    assert!(
        sentence
            .sentence
            .starts_with("Amazon SageMaker Clarify checks bias"),
        "{}",
        sentence.sentence
    );
    assert!(k.mentions.iter().any(|m| m.service == glacier));
    let bedrock = service(&k, "Amazon Bedrock");
    for m in k.mentions.iter().filter(|m| m.service == bedrock) {
        assert!(
            !m.sentence.contains("boto3") && !m.sentence.contains("example.com"),
            "mention in code or URL: {}",
            m.sentence
        );
    }
    let kendra = service(&k, "Amazon Kendra");
    assert_eq!(
        k.mentions.iter().filter(|m| m.service == kendra).count(),
        1,
        "link text is not a mention"
    );
}

#[test]
fn sections_under_a_service_heading_belong_to_it_and_facts_merge() {
    let (corpus, k, _) = knowledge_of(&fixture("knowledge"));
    let bedrock = service(&k, "Amazon Bedrock");
    let guardrails = service(&k, "Amazon Bedrock Guardrails");
    let headings: Vec<String> = k
        .own
        .iter()
        .filter(|b| b.service == bedrock)
        .flat_map(|b| b.sections.clone().map(move |s| (b.note, s)))
        .map(|(n, s)| corpus.notes[n].sections[s].heading.clone())
        .collect();
    assert_eq!(
        headings,
        [
            "Amazon Bedrock",
            "Bedrock Guardrails",
            "Amazon Bedrock Knowledge Bases"
        ]
    );
    let purposes: Vec<_> = k
        .facts
        .iter()
        .filter(|f| f.service == guardrails)
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(purposes, ["Purpose"]);
    let bedrock_keys: Vec<_> = k
        .facts
        .iter()
        .filter(|f| f.service == bedrock)
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!(bedrock_keys, ["Purpose", "Pricing", "Integrations"]);
    assert_eq!(k.services.list[guardrails].parent, Some(bedrock));
}

#[test]
fn uncatalogued_services_come_from_headings() {
    let (_, k, _) = knowledge_of(&fixture("knowledge"));
    let names: Vec<_> = k.uncatalogued().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Amazon Frobnicator Studio"]);
    let location = k.uncatalogued()[0].found_at.as_ref();
    assert_eq!(location.unwrap().to_string(), "content/ml-platform.md:19:1");
}

#[test]
fn glossary_and_comparisons_are_gathered() {
    let (_, k, warnings) = knowledge_of(&fixture("knowledge"));
    let terms: Vec<_> = k.glossary.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms, ["Hallucination", "Token"]);
    let declared = &k.comparisons[0];
    assert_eq!(declared.title, "Bedrock vs SageMaker");
    assert_eq!(declared.services.len(), 2);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .to_string()
            .contains("content/comparisons.toml:3:"),
        "{}",
        warnings[0]
    );
    assert!(k
        .comparisons
        .iter()
        .any(|c| c.category.as_deref() == Some("ML platform")));
}

#[test]
fn notes_link_first_mention_per_section_and_wiki_links_resolve() {
    let site = copy_fixture("knowledge");
    let output = build_ok(site.path(), &[]);
    assert!(
        stderr(&output).contains("content/genai.md:36:85")
            && stderr(&output).contains("[[Nothing Here]]"),
        "{}",
        stderr(&output)
    );
    let pages = pages(&site.path().join("public"));
    let note = &pages["genai/index.html"];
    let service_links: Vec<_> = select(note, "main a.service-link")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    let bedrock_links: Vec<_> = service_links
        .iter()
        .filter(|(_, h)| h.ends_with("services/amazon-bedrock/index.html"))
        .collect();
    assert_eq!(
        bedrock_links.len(),
        2,
        "once in 'Amazon Bedrock' prose, once in 'Retrieval patterns': {service_links:?}"
    );
    assert!(
        select(note, "main code a, main pre a").is_empty(),
        "nothing linked inside code"
    );
    let wiki: Vec<_> = select(note, "main a[href]")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert!(
        wiki.contains(&(
            "Amazon SageMaker Clarify".into(),
            "../services/amazon-sagemaker-clarify/index.html".into()
        )),
        "{wiki:?}"
    );
    assert!(
        wiki.contains(&(
            "the Bedrock page".into(),
            "../services/amazon-bedrock/index.html".into()
        )),
        "{wiki:?}"
    );
    assert!(
        wiki.contains(&("ML platform".into(), "../ml-platform/index.html".into())),
        "{wiki:?}"
    );
    assert_eq!(select(note, "main span.missing-link").len(), 1);
    let terms: Vec<_> = select(note, "main a.term").iter().map(text).collect();
    assert_eq!(
        terms,
        ["token"],
        "first use of each term per section (the pricing bullet), never in the bold label \
         that defines it"
    );
    let broken = broken_references(&site.path().join("public"));
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn example_site_gathers_services_from_several_notes_and_links_parents_and_children() {
    let site = built_example_site();
    let pages = pages(&site.path().join("public"));
    let bedrock = &pages["services/amazon-bedrock/index.html"];
    let sources: std::collections::BTreeSet<String> = select(
        bedrock,
        "#what-the-notes-say ~ * a[href*='index.html#'], #what-the-notes-say + * a[href*='#']",
    )
    .iter()
    .filter_map(|a| a.value().attr("href"))
    .map(|h| h.split('#').next().unwrap().to_string())
    .filter(|h| !h.contains("services/"))
    .collect();
    assert!(
        sources.len() >= 2,
        "Bedrock's sections come from several notes: {sources:?}"
    );
    let links = |page: &str| -> Vec<String> {
        select(&pages[page], "main a[href]")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect()
    };
    for (child, parent) in [
        ("amazon-sagemaker-clarify", "amazon-sagemaker"),
        ("amazon-sagemaker-jumpstart", "amazon-sagemaker"),
        ("amazon-bedrock-knowledge-bases", "amazon-bedrock"),
        ("amazon-bedrock-guardrails", "amazon-bedrock"),
    ] {
        let child_page = format!("services/{child}/index.html");
        let parent_page = format!("services/{parent}/index.html");
        assert!(pages.contains_key(&child_page), "{child} has no page");
        assert!(
            links(&child_page).contains(&format!("../{parent}/index.html")),
            "{child} does not link to {parent}"
        );
        assert!(
            links(&parent_page).contains(&format!("../{child}/index.html")),
            "{parent} does not link to {child}"
        );
    }
    let broken = broken_references(&site.path().join("public"));
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let cells: Vec<_> = pages
        .iter()
        .filter(|(p, _)| p.starts_with("compare/") && p.as_str() != "compare/index.html")
        .flat_map(|(_, html)| select(html, "main td a[href*='#']"))
        .collect();
    assert!(
        !cells.is_empty(),
        "comparison cells link back to their sources"
    );
}

#[test]
fn seeds_without_a_catalog_file_yield_at_least_80_service_pages() {
    let Some((site, _)) = seed_site(None) else {
        return;
    };
    let (corpus, k, _) = knowledge_of(site.path());
    let with_content: Vec<&str> = ServiceId::all(k.services.list.len())
        .filter(|&s| k.has_page[s])
        .filter(|&s| {
            k.mentions.iter().any(|m| m.service == s) || k.own.iter().any(|b| b.service == s)
        })
        .map(|s| k.services.list[s].name.as_str())
        .collect();
    eprintln!(
        "seeds: {} notes, {} services with pages ({} uncatalogued)",
        corpus.notes.len(),
        with_content.len(),
        k.uncatalogued().len()
    );
    assert!(
        with_content.len() >= 80,
        "only {} services: {with_content:?}",
        with_content.len()
    );
    // The built-in catalog covers every service the seeds name, whatever its case.
    let uncatalogued: Vec<&str> = k.uncatalogued().iter().map(|s| s.name.as_str()).collect();
    assert!(
        uncatalogued.is_empty(),
        "not in the catalog: {uncatalogued:?}"
    );
    build_ok(site.path(), &[]);
    let service_pages = pages(&site.path().join("public"))
        .keys()
        .filter(|p| p.starts_with("services/") && p.as_str() != "services/index.html")
        .count();
    assert_eq!(service_pages, k.has_page.iter().filter(|&&p| p).count());
}

#[test]
fn a_fact_stated_in_many_notes_shows_its_commonest_values_and_links_to_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(dir.path().join("notesite.toml"), "title = \"Facts\"\n").unwrap();
    // Eleven notes state Amazon Polly's pricing: "per character" four times (spelled
    // differently), "per request" twice, and five other values once each. A cell shows
    // five values, which state it nine times: two statements are left to the service page.
    let values = [
        "per character",
        "Per  character",
        "per character",
        "PER CHARACTER",
        "per request",
        "per request",
        "free tier first",
        "by voice",
        "by region",
        "by volume",
        "by neural voice",
    ];
    for (i, value) in values.iter().enumerate() {
        std::fs::write(
            content.join(format!("note-{i:02}.md")),
            format!("# Note {i}\n\n## Amazon Polly\n\n- **Pricing:** {value}\n\n## Amazon Lex\n\n- **Pricing:** per text request\n"),
        )
        .unwrap();
    }
    std::fs::write(
        content.join("comparisons.toml"),
        "[[comparison]]\ntitle = \"Polly vs Lex\"\nservices = [\"Amazon Polly\", \"Amazon Lex\"]\nfacets = [\"Pricing\"]\n",
    )
    .unwrap();
    build_ok(dir.path(), &[]);
    let public = dir.path().join("public");
    let pages = pages(&public);
    let page = pages
        .values()
        .find(|page| {
            select(page, "h1")
                .first()
                .is_some_and(|h| text(h) == "Polly vs Lex")
        })
        .expect("the declared comparison's page");
    // Two services: one column each, Polly's first; the facts are rows.
    let columns: Vec<String> = select(page, "table.compare-table thead th")
        .iter()
        .map(text)
        .collect();
    assert!(
        columns.len() == 2
            && columns[0].starts_with("Amazon Polly")
            && columns[1].starts_with("Amazon Lex"),
        "{columns:?}"
    );
    let (th, td) = (
        scraper::Selector::parse("th").unwrap(),
        scraper::Selector::parse("td").unwrap(),
    );
    let polly_row = select(page, "table.compare-table tbody tr")
        .into_iter()
        .find(|row| {
            row.select(&th)
                .next()
                .is_some_and(|h| text(&h) == "Pricing")
        })
        .and_then(|row| row.select(&td).next())
        .expect("Amazon Polly's pricing cell");
    let shown: Vec<String> = select(
        &scraper::Html::parse_fragment(&polly_row.html()),
        ".sourced-text",
    )
    .iter()
    .map(text)
    .collect();
    assert_eq!(shown.len(), 5, "{shown:?}");
    assert_eq!(
        shown[0], "per character",
        "the commonest value first, written as first written"
    );
    assert_eq!(shown[1], "per request");
    assert_eq!(shown[2], "free tier first", "ties keep note order");
    let fragment = scraper::Html::parse_fragment(&polly_row.html());
    let more = select(&fragment, ".sourced-more a");
    assert_eq!(more.len(), 1);
    assert_eq!(text(&more[0]), "2 more on the service page");
    let href = more[0].value().attr("href").unwrap();
    assert!(
        href.ends_with("services/amazon-polly/index.html#facts"),
        "{href}"
    );
    // The service's own page shows every different value once (up to eight): the four
    // spellings of "per character" and the two "per request" are one each.
    let polly = &pages["services/amazon-polly/index.html"];
    assert_eq!(
        select(
            polly,
            "#facts ~ * .sourced-text, table.fact-table .sourced-text"
        )
        .len(),
        values.len() - 3 - 1
    );
    // A fact stated once is shown with no link.
    let lex_row = select(page, "table.compare-table tbody tr")
        .into_iter()
        .find(|row| {
            row.select(&th)
                .next()
                .is_some_and(|h| text(&h) == "Pricing")
        })
        .and_then(|row| row.select(&td).nth(1))
        .expect("Amazon Lex's pricing cell");
    assert!(!lex_row.html().contains("sourced-more"));
    // The compare picker's data is capped the same way.
    let data = std::fs::read_to_string(public.join("services/compare-data.js")).unwrap();
    let json: serde_json::Value = serde_json::from_str(
        data.split_once(" = ")
            .unwrap()
            .1
            .trim()
            .trim_end_matches(';'),
    )
    .unwrap();
    let polly = json["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Amazon Polly")
        .unwrap();
    let pricing = &polly["facts"][0];
    assert_eq!(pricing["values"].as_array().unwrap().len(), 5);
    assert_eq!(pricing["more"], 2);
    assert!(pricing["more_href"]
        .as_str()
        .unwrap()
        .ends_with("amazon-polly/index.html#facts"));
}

#[test]
fn prefixed_names_match_whatever_the_case_inside_their_words_and_bare_aliases_only_as_written() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    std::fs::write(
        site.path().join("content/engines.md"),
        "# Engines\n\n## Amazon Opensearch performance\n\nShard sizing matters; Amazon OPENSEARCH \
         clusters need dedicated masters.\n\nIn lower case, amazon opensearch is no name.\n\nWe \
         deploy Amazon Bedrock agents.\n\n## AWS WaveLength at the edge\n\nWe comprehend the \
         latency budget of AWS WAVELENGTH zones.\n",
    )
    .unwrap();
    let (_, k, _) = knowledge_of(site.path());
    let names: Vec<&str> = k.uncatalogued().iter().map(|s| s.name.as_str()).collect();
    assert!(names.is_empty(), "case variants became services: {names:?}");
    let opensearch = service(&k, "Amazon OpenSearch Service");
    assert_eq!(k.services.lookup("amazon opensearch"), Some(opensearch));
    let mentioned = |fragment: &str| {
        k.mentions
            .iter()
            .find(|m| m.sentence.contains(fragment))
            .map(|m| k.services.list[m.service].name.as_str())
    };
    assert_eq!(
        mentioned("Amazon OPENSEARCH"),
        Some("Amazon OpenSearch Service")
    );
    assert_eq!(mentioned("amazon opensearch"), None);
    // A lower-case word after a name is prose, not the longer name (`Amazon Bedrock Agents`).
    assert_eq!(mentioned("Bedrock agents"), Some("Amazon Bedrock"));
    assert_eq!(mentioned("AWS WAVELENGTH"), Some("AWS Wavelength"));
    // `Comprehend` is an alias, but `comprehend` is a verb.
    let comprehend = service(&k, "Amazon Comprehend");
    assert!(!k.mentions.iter().any(|m| m.service == comprehend));
    // The heading in another case still makes the section OpenSearch's own.
    assert!(k.own.iter().any(|b| b.service == opensearch));
    build_ok(site.path(), &[]);
    let services = site.path().join("public/services");
    assert!(services
        .join("amazon-opensearch-service/index.html")
        .exists());
    assert!(!services.join("amazon-opensearch/index.html").exists());
}
