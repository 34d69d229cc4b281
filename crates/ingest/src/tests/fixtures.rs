//! Small notes in each style users bring, written for these tests, with what recovery must
//! make of them. Every fixture also goes through the no-words-lost checker.

use super::super::{markdown_needs_recovery, recover, NoteKind, OutlineHeading};
use super::checker::{options, page_text, recover_checked};
use pulldown_cmark::{Event, Parser, Tag};

pub(super) const NUMBERED: &str = "\
Cloud AI Revision Notes

Module 3: Picking Services

1. Managed Generative Services

1.1 Amazon Bedrock

Definition: A hosted API that lets you call many foundation models without running servers.

Main Points:

- Pay per token or buy provisioned capacity
- Guardrails filter unsafe prompts

1.2 Amazon SageMaker JumpStart

Definition: A catalogue of ready models you can deploy into your own account.

1.2.1 Deployment Choices

- Real-time endpoints
- Batch transform jobs

2. Costs and Trade-offs

2.1 Token Pricing

Budget roughly \\$0.002 per thousand tokens; a GPU box may cost $10K-$100K+ to buy outright.

2. 2. Capacity Planning

- Size for peak load
- 1. Keep a buffer
";

pub(super) const TITLES: &str = "\
Vector Stores

Definition: Databases that index embeddings so that similar items can be found quickly.

Common Options

- OpenSearch Serverless
- Aurora with the pgvector extension

Choosing One

Definition: Weigh latency, cost and how much tuning you want to own yourself.

Things to remember
are written on two lines here, so this stays a paragraph.
";

pub(super) const SLIDES: &str = "

Course Overview Deck For Practice

Agenda

- Model basics
- Retrieval
 - Chunking
 - Embeddings



Amazon Polly



Prompt Caching

- Reuse the long shared prefix
- Cuts latency and spend

| Option | Latency | Cost |
|---|---|---|
| No cache | high | high |
| Cached | low | low | extra note |



Request Shape

```
{\"modelId\": \"demo\", \"maxTokens\": 256}
```

Scoring Formula

$$s = \\frac{tp}{tp + fp}$$

Inline form: the score is $s = tp/(tp+fp)$ for each run, and a run costs $0.50 or so.



Amazon Polly



Streaming Responses

- Tokens arrive as they are generated
- Show them as they come

Config Dump

{
  \"retries\": 3,
  \"regions\": [\"us-east-1\", \"eu-west-1\"]
}
";

pub(super) const MESSY_MARKDOWN: &str = "\
# Study Pack

#### **Data Services**

**Definition:** Tools that move and shape data before training starts.

##### **Key Use Cases:**

- Cleaning raw logs
- Joining reference tables

### **AWS Glue**

**Glue vs EMR:**
- **Glue**: serverless jobs
- **EMR**: clusters you manage yourself

Pricing starts near \\$1,000 a month, the model is $$y = mx + b$$ in its simplest form, and spot runs cost $3-$4 an hour.
";

pub(super) const HTML_LOOKING: &str = "\
Wrapping Tags

Use <div> wrappers & the <b>bold</b> tag, then write &amp; for an ampersand.
<!-- this comment must stay visible -->
[ref]: http://example.com/kept
<passage>
{{context}}
</passage>
# of partitions grows with size
1.
-
Line with a trailing backslash \\
Image: ![diagram of flow](pics/flow.png) and [a link](https://example.com/page).
Tabs	inside	one line only
";

fn headings(outline: &[OutlineHeading]) -> Vec<(u8, &str)> {
    outline.iter().map(|h| (h.level, h.text.as_str())).collect()
}

fn assert_no_gaps(outline: &[OutlineHeading]) {
    let mut prev = 1;
    for h in outline {
        assert!((2..=6).contains(&h.level), "{h:?}");
        assert!(h.level <= prev + 1, "jump to {h:?} after level {prev}");
        prev = h.level;
    }
}

/// Heading lines in the markdown must agree with the outline.
fn assert_markdown_headings_match(md: &str, outline: &[OutlineHeading]) {
    let levels: Vec<u8> = Parser::new_ext(md, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level as u8),
            _ => None,
        })
        .collect();
    let expected: Vec<u8> = outline.iter().map(|h| h.level).collect();
    assert_eq!(levels, expected, "{md}");
}

#[test]
fn numbered_plain_text() {
    let (r, n) = recover_checked("numbered", NUMBERED, NoteKind::PlainText);
    assert!(n > 80);
    assert_eq!(
        headings(&r.outline),
        [
            (2, "Managed Generative Services"),
            (3, "Amazon Bedrock"),
            (4, "Main Points"),
            (3, "Amazon SageMaker JumpStart"),
            (4, "Deployment Choices"),
            (2, "Costs and Trade-offs"),
            (3, "Token Pricing"),
            (3, "Capacity Planning"),
        ]
    );
    assert_eq!(r.outline[1].line, 7);
    assert!(
        r.markdown.contains("### 1.1 Amazon Bedrock\n"),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains("### 2. 2. Capacity Planning\n"),
        "{}",
        r.markdown
    );
    let text = page_text(&r.markdown);
    assert!(text.contains("$10K-$100K+"), "{text}");
    assert!(text.contains("$0.002"), "{text}");
    assert_markdown_headings_match(&r.markdown, &r.outline);
}

#[test]
fn crlf_gives_the_same_result() {
    let crlf = NUMBERED.replace('\n', "\r\n");
    let (r, _) = recover_checked("crlf", &crlf, NoteKind::PlainText);
    let lf = recover(NUMBERED, NoteKind::PlainText);
    assert_eq!(r.markdown, lf.markdown);
    assert_eq!(r.outline, lf.outline);
    assert!(!r.markdown.contains('\r'));
}

#[test]
fn title_lines_and_definitions() {
    let (r, _) = recover_checked("titles", TITLES, NoteKind::PlainText);
    assert_eq!(
        headings(&r.outline),
        [
            (2, "Vector Stores"),
            (2, "Common Options"),
            (2, "Choosing One")
        ]
    );
    assert!(
        r.markdown.contains("\nDefinition: Databases"),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains("Things to remember  \nare written"),
        "{}",
        r.markdown
    );
}

#[test]
fn slide_export() {
    let (r, _) = recover_checked("slides", SLIDES, NoteKind::PlainText);
    assert_eq!(
        headings(&r.outline),
        [
            (2, "Agenda"),
            (2, "Prompt Caching"),
            (2, "Request Shape"),
            (2, "Scoring Formula"),
            (2, "Streaming Responses"),
            (2, "Config Dump")
        ]
    );
    assert!(
        r.markdown
            .contains("- Retrieval\n  - Chunking\n  - Embeddings\n"),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains("| Cached | low | low | extra note |"),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains("| Option | Latency | Cost |  |"),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains("```\n{\n  \"retries\": 3,"),
        "{}",
        r.markdown
    );
    let mut display = 0;
    let mut inline = 0;
    let mut code = 0;
    let mut tables = 0;
    for e in Parser::new_ext(&r.markdown, options()) {
        match e {
            Event::DisplayMath(m) => {
                assert!(m.contains("\\frac"));
                display += 1;
            }
            Event::InlineMath(m) => {
                assert_eq!(&*m, "s = tp/(tp+fp)");
                inline += 1;
            }
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::Start(Tag::Table(_)) => tables += 1,
            _ => {}
        }
    }
    assert_eq!(
        (display, inline, code, tables),
        (1, 1, 2, 1),
        "{}",
        r.markdown
    );
    assert!(page_text(&r.markdown).contains("$0.50"));
    assert_no_gaps(&r.outline);
}

#[test]
fn messy_markdown() {
    assert!(markdown_needs_recovery(MESSY_MARKDOWN));
    let (r, _) = recover_checked("messy", MESSY_MARKDOWN, NoteKind::Markdown);
    assert_eq!(
        headings(&r.outline),
        [
            (2, "Study Pack"),
            (3, "Data Services"),
            (4, "Key Use Cases"),
            (3, "AWS Glue"),
            (4, "Glue vs EMR")
        ]
    );
    assert!(
        r.markdown.contains("\n### Data Services\n"),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains("\n#### Glue vs EMR\n- **Glue**"),
        "{}",
        r.markdown
    );
    assert!(
        r.markdown.contains("**Definition:** Tools"),
        "{}",
        r.markdown
    );
    assert_no_gaps(&r.outline);
    assert_markdown_headings_match(&r.markdown, &r.outline);
    assert!(page_text(&r.markdown).contains("$1,000"));
    let display = Parser::new_ext(&r.markdown, options())
        .filter(|e| matches!(e, Event::DisplayMath(_)))
        .count();
    assert_eq!(display, 1);
    // In markdown, `$` is left to the author: `$3-$4` is theirs to escape.
    assert!(r.markdown.contains("cost $3-$4 an hour"));
}

#[test]
fn messy_markdown_as_plain_text() {
    let (r, _) = recover_checked("messy as txt", MESSY_MARKDOWN, NoteKind::PlainText);
    let texts: Vec<&str> = r.outline.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Study Pack",
            "Data Services",
            "Key Use Cases",
            "AWS Glue",
            "Glue vs EMR"
        ]
    );
    assert_no_gaps(&r.outline);
    // In plain text, money is escaped and math kept.
    let text = page_text(&r.markdown);
    assert!(text.contains("$1,000") && text.contains("$3-$4"), "{text}");
    let display = Parser::new_ext(&r.markdown, options())
        .filter(|e| matches!(e, Event::DisplayMath(_)))
        .count();
    assert_eq!(display, 1);
}

#[test]
fn clean_markdown_needs_no_recovery() {
    assert!(!markdown_needs_recovery(
        "## Alpha\n\ntext\n\n### Beta\n\n- a\n"
    ));
    assert!(markdown_needs_recovery("just a paragraph\n"));
    assert!(markdown_needs_recovery("## A\n\n#### Skipped\n"));
    assert!(markdown_needs_recovery("## A\n\n**Label:**\n- x\n"));
    assert!(!markdown_needs_recovery(
        "## A\n\n```\n**not a label**\n```\n"
    ));
}

#[test]
fn headingless_markdown_gets_an_outline() {
    let md = "Overview Of Keys\n\n- **KMS** holds keys\n- rotation is yearly\n\nRotation Rules\n\n1. Turn it on\n2. Check the log\n";
    let (r, _) = recover_checked("headingless md", md, NoteKind::Markdown);
    assert_eq!(
        headings(&r.outline),
        [(2, "Overview Of Keys"), (2, "Rotation Rules")]
    );
    assert!(r.markdown.starts_with("## Overview Of Keys\n"));
}

#[test]
fn empty_and_blank_input() {
    for input in ["", "\n", "  \r\n\t\n"] {
        for kind in [NoteKind::PlainText, NoteKind::Markdown] {
            let r = recover(input, kind);
            assert!(r.markdown.is_empty() && r.outline.is_empty() && r.warnings.is_empty());
        }
    }
    assert!(markdown_needs_recovery(""));
}

#[test]
fn unbalanced_fences_never_panic() {
    let input = "Setup Steps\n\n```python\nprint('a')\n\nMore text after the code\n";
    let (r, _) = recover_checked("unclosed", input, NoteKind::PlainText);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].0, 3);
    assert!(r.markdown.trim_end().ends_with("```"), "{}", r.markdown);
    for input in [
        "```",
        "a\n```\n",
        "~~~~\n~~~\n",
        "``` x `\n",
        "$$\n",
        "$$\nx\n",
    ] {
        recover_checked("odd fences", input, NoteKind::PlainText);
        recover_checked("odd fences", input, NoteKind::Markdown);
    }
}

#[test]
fn html_looking_text_stays_visible() {
    let (r, _) = recover_checked("html", HTML_LOOKING, NoteKind::PlainText);
    let text = page_text(&r.markdown);
    for visible in [
        "<div>",
        "<b>bold</b>",
        "&amp;",
        "<!-- this comment must stay visible -->",
        "[ref]: http://example.com/kept",
        "<passage>",
        "{{context}}",
        "# of partitions",
        "https://example.com/page",
        "pics/flow.png",
    ] {
        assert!(
            text.contains(visible),
            "{visible:?} not in page text:\n{text}\n---\n{}",
            r.markdown
        );
    }
}

#[test]
fn odd_inputs_never_panic_and_lose_nothing() {
    let samples = [
        "**",
        "****",
        "# ",
        "#",
        "1.",
        "1. ",
        "- ",
        "|",
        "| |",
        "|-|",
        "\t\t",
        "$",
        "$$",
        "$$$$",
        "`",
        "[",
        "[](",
        "![",
        "<",
        "&",
        "&;",
        "\\",
        "a\r\rb",
        "é — ü",
        "日本語のテキスト",
        "Title**Label:**\n- x",
        "1.1 A\n1.2 B",
        "x\n===",
        "x\n---\ny",
        "    indented prose only",
        "{\n\"a\": [1,\n",
        "99999999999. big number",
        "01. leading zero",
        "1. a\n1. b\n3. c",
        "> [!NOTE]\n> careful",
    ];
    for s in samples {
        for kind in [NoteKind::PlainText, NoteKind::Markdown] {
            let (r, _) = recover_checked(&format!("{s:?}"), s, kind);
            assert_no_gaps(&r.outline);
        }
    }
}

#[test]
fn numbered_lists_keep_their_numbers() {
    let (r, _) = recover_checked(
        "renumber",
        "Steps\n\n1. a\n1. b\n3. c\n",
        NoteKind::PlainText,
    );
    assert!(r.markdown.contains("1. a\n1) b\n3. c"), "{}", r.markdown);
}

#[test]
fn lowercase_continuations_are_joined() {
    let input = "- Deep learning handles images, speech,\n\nand natural language.\n- Next item\n";
    let (r, _) = recover_checked("join", input, NoteKind::PlainText);
    assert!(
        r.markdown
            .contains("speech,  \n  and natural language.\n- Next item"),
        "{}",
        r.markdown
    );
}

/// Pseudo-random mixtures of the characters and shapes that trip markdown up; a fixed seed
/// keeps the test deterministic.
#[test]
fn random_mixtures_lose_nothing() {
    const PIECES: [&str; 52] = [
        "[",
        "]",
        "(",
        ")",
        "`",
        "```",
        "$",
        "$$",
        "\\",
        "<",
        ">",
        "&",
        "&amp;",
        "*",
        "**",
        "_",
        "#",
        "|",
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "- ",
        "1. ",
        "1.1 ",
        "    ",
        "{",
        "}",
        ":",
        "!",
        "[x](http://h.io/p)",
        "<b>",
        "$x^2$",
        "---",
        "===",
        "Title Words",
        "word",
        "42",
        "é",
        "**Label:**\n- a",
        "~~~",
        "\n> ",
        "\n+ ",
        "\n* ",
        "[^1]",
        "\n    code",
        "<!--",
        "-->",
        "\n|---|\n",
        "\nDefinition: Some words here.",
        "\n\n\nSlide Title\n\n",
        "{{v}}",
    ];
    // INGEST_FUZZ_SEED / INGEST_FUZZ_SAMPLES widen the search locally (it found every
    // escaping rule in inline.rs at least once).
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut state: u64 = env("INGEST_FUZZ_SEED", 0x1234_5678_9abc_def1) | 1;
    let samples = env("INGEST_FUZZ_SAMPLES", 3000);
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for sample in 0..samples {
        let mut s = String::new();
        for _ in 0..(next() % 60) {
            s.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            if next() % 3 == 0 {
                s.push_str(" w");
                s.push_str(&(next() % 100).to_string());
                s.push(' ');
            }
        }
        for kind in [NoteKind::PlainText, NoteKind::Markdown] {
            let (r, _) = recover_checked(&format!("sample {sample}: {s:?}"), &s, kind);
            assert_no_gaps(&r.outline);
        }
    }
}
