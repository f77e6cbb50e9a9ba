package dev.enclave.core.evidence.html;

/** The page's inline stylesheet: readable on screen, plain on paper, no external fonts. */
final class Styles {
  static final String CSS =
      """
      :root { --ink: #1a1a1a; --muted: #555; --line: #c8c8c8; --pass: #1b5e20; --fail: #b71c1c;
        --na: #4a4a4a; --red: #c62828; --band: #f3f6fa; }
      * { box-sizing: border-box; }
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
        color: var(--ink); background: #fff; margin: 0; line-height: 1.5; }
      main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
      h1 { font-size: 1.9rem; margin: 0 0 4px; }
      h2 { font-size: 1.45rem; margin: 40px 0 12px; padding-bottom: 4px;
        border-bottom: 2px solid var(--ink); }
      h3 { font-size: 1.2rem; margin: 28px 0 8px; }
      h4 { font-size: 1.05rem; margin: 20px 0 6px; }
      p.lead { font-size: 1.1rem; }
      .meta { color: var(--muted); margin: 0 0 16px; }
      table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.93rem; }
      caption { text-align: left; font-weight: 600; padding: 4px 0; color: var(--ink); }
      th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left;
        vertical-align: top; }
      thead th { background: #eceff3; }
      table.facts th { width: 30%; background: #f7f7f7; font-weight: 600; }
      code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
        font-size: 0.88em; background: #f2f2f2; padding: 0 3px; border-radius: 3px;
        overflow-wrap: anywhere; }
      .none { color: var(--muted); font-style: italic; }
      .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 700;
        font-size: 0.82rem; color: #fff; white-space: nowrap; }
      .badge.pass { background: var(--pass); }
      .badge.fail { background: var(--fail); }
      .badge.na { background: var(--na); }
      .verdict { border: 2px solid var(--ink); border-radius: 6px; padding: 12px 16px;
        margin: 16px 0; }
      .verdict.fail { border-color: var(--fail); background: #fdecea; }
      .verdict.pass { border-color: var(--pass); background: #e8f5e9; }
      .crossing-text { color: var(--red); font-weight: 700; }
      ul.evidence { margin: 4px 0; padding-left: 18px; }
      ul.evidence li.ok::marker { content: "\\2713  "; color: var(--pass); }
      ul.evidence li.fail { color: var(--fail); }
      ul.evidence li.fail::marker { content: "\\2717  "; color: var(--fail); }
      ul.evidence li.note { color: var(--muted); }
      ul.evidence li.note::marker { content: "i  "; color: var(--muted); }
      dl.glossary dt { font-weight: 700; margin-top: 8px; }
      dl.glossary dd { margin: 0 0 0 16px; }
      figure { margin: 12px 0; }
      figure svg { width: 100%; height: auto; border: 1px solid var(--line); }
      figcaption { color: var(--muted); font-size: 0.9rem; }
      nav ol { columns: 2; }
      @media print {
        main { max-width: none; padding: 0; }
        h2 { break-before: page; }
        table, figure, section.tenant { break-inside: avoid; }
        a { color: inherit; text-decoration: none; }
      }
      """;

  private Styles() {}
}
