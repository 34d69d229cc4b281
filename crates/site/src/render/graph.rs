//! The relation graph of a service page: the service in the centre, the services mentioned
//! alongside it around it, drawn at build time as inline SVG (no JavaScript library).
//!
//! Input: the centre's name and its related services (from `knowledge::graph`'s
//! co-mentions). Output: SVG text with every label escaped.

use super::theme::escape_html;

/// One node around the centre of the relation graph.
pub struct GraphNode<'a> {
    /// Label.
    pub name: &'a str,
    /// Relative link to its page, when it has one.
    pub href: Option<String>,
    /// Co-mention count.
    pub weight: usize,
}

/// An SVG drawing of `centre` with `nodes` around it, edges as thick as their weight.
pub fn relation_svg(centre: &str, nodes: &[GraphNode]) -> String {
    let (width, height, cx, cy, radius) = (760.0, 340.0, 380.0, 170.0, 125.0);
    let max = nodes.iter().map(|n| n.weight).max().unwrap_or(1).max(1) as f64;
    let mut edges = String::new();
    let mut labels = String::new();
    for (i, node) in nodes.iter().enumerate() {
        let angle =
            std::f64::consts::TAU * i as f64 / nodes.len() as f64 - std::f64::consts::FRAC_PI_2;
        let (x, y) = (cx + radius * 1.55 * angle.cos(), cy + radius * angle.sin());
        let stroke = 1.0 + 5.0 * node.weight as f64 / max;
        edges.push_str(&format!("<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{stroke:.1}\"><title>{} sections</title></line>", node.weight));
        // Labels grow away from the centre, so long names stay inside the drawing.
        let (anchor, label_x, label_y) = match x - cx {
            dx if dx > 10.0 => ("start", x + 9.0, y + 4.0),
            dx if dx < -10.0 => ("end", x - 9.0, y + 4.0),
            _ => ("middle", x, if y < cy { y - 10.0 } else { y + 18.0 }),
        };
        let text = format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"/><text x=\"{label_x:.1}\" y=\"{label_y:.1}\" text-anchor=\"{anchor}\">{}</text>", escape_html(node.name));
        match &node.href {
            Some(href) => labels.push_str(&format!("<a href=\"{}\">{text}</a>", escape_html(href))),
            None => labels.push_str(&text),
        }
    }
    format!(
        "<svg class=\"relation-graph\" viewBox=\"0 0 {width} {height}\" role=\"group\" aria-label=\"Services mentioned alongside {name}\"><g class=\"edges\">{edges}</g><g class=\"nodes\">{labels}<circle class=\"centre\" cx=\"{cx}\" cy=\"{cy}\" r=\"8\"/><text class=\"centre\" x=\"{cx}\" y=\"{:.1}\" text-anchor=\"middle\">{name}</text></g></svg>",
        cy + 26.0,
        name = escape_html(centre)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_escapes_labels() {
        let svg = relation_svg(
            "A & B",
            &[GraphNode {
                name: "<x>",
                href: Some("../x/index.html".into()),
                weight: 2,
            }],
        );
        assert!(svg.contains("A &amp; B") && svg.contains("&lt;x&gt;") && svg.starts_with("<svg"));
    }
}
