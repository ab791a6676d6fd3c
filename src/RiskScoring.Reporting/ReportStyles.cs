namespace RiskScoring.Reporting;

/// <summary>The inline style sheet of the HTML report (no web fonts, no external resources; prints on A4/Letter).</summary>
internal static class ReportStyles
{
    internal const string Css = """
        :root { --ink: #1d2733; --muted: #5b6673; --line: #d9dee4; --accent: #1f4e79; --paper: #ffffff; --band: #f4f6f8; }
        * { box-sizing: border-box; }
        html { background: #eef1f4; }
        body { margin: 0 auto; max-width: 1180px; background: var(--paper); color: var(--ink);
               font: 15px/1.5 "Segoe UI", "DejaVu Sans", "Liberation Sans", Helvetica, Arial, sans-serif; }
        .report-header { background: var(--accent); color: #fff; padding: 28px 40px 22px; }
        .eyebrow { text-transform: uppercase; letter-spacing: .12em; font-size: 12px; opacity: .8; }
        h1 { margin: 4px 0 14px; font-size: 28px; font-weight: 600; }
        .header-meta { display: flex; flex-wrap: wrap; gap: 10px 36px; margin: 0; }
        .header-meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .08em; opacity: .75; }
        .header-meta dd { margin: 0; font-weight: 600; }
        .toc { border-bottom: 1px solid var(--line); padding: 10px 40px; background: var(--band); }
        .toc ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 20px; counter-reset: toc; }
        .toc li { counter-increment: toc; font-size: 13px; }
        .toc li::before { content: counter(toc) ". "; color: var(--muted); }
        .toc a { color: var(--accent); text-decoration: none; }
        main { padding: 8px 40px 24px; }
        section { padding: 18px 0 10px; border-bottom: 1px solid var(--line); }
        section:last-child { border-bottom: none; }
        h2 { font-size: 20px; font-weight: 600; margin: 0 0 10px; color: var(--accent); }
        h2 .num { display: inline-block; min-width: 28px; color: var(--muted); font-weight: 400; }
        h3 { font-size: 15px; margin: 18px 0 8px; }
        p.lead { color: var(--muted); margin: 0 0 12px; max-width: 900px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(128px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-top: 3px solid var(--accent); border-radius: 4px; padding: 10px 12px; background: #fff; }
        .card-label { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
        .card-value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .card-note { font-size: 12px; color: var(--muted); }
        ul.checks { list-style: none; padding: 0; margin: 0; }
        ul.checks li { padding: 4px 0; }
        .badge { display: inline-block; min-width: 72px; text-align: center; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
        .badge-ok { background: #dff0e5; color: #1e6b3c; }
        .badge-warn { background: #fdf0d5; color: #8a5a00; }
        .badge-bad { background: #f8dcd8; color: #9b2c1f; }
        .badge-na { background: #e8eaed; color: #4a5561; }
        .badge-info { background: #dde8f3; color: #1f4e79; }
        .figures { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        figure.chart { margin: 0; flex: 1 1 480px; max-width: 560px; border: 1px solid var(--line); border-radius: 4px; padding: 6px; }
        figure.chart.wide { max-width: 100%; flex-basis: 100%; }
        figure.chart svg { display: block; width: 100%; height: auto; }
        figcaption { font-size: 13px; color: var(--muted); padding: 4px 6px 2px; }
        .table-wrap { flex: 1 1 420px; overflow-x: auto; }
        table { border-collapse: collapse; font-size: 13px; }
        table.data { width: 100%; }
        table.data th { text-align: left; background: var(--band); border-bottom: 2px solid var(--line); padding: 6px 10px; font-weight: 600; }
        table.data td { padding: 5px 10px; border-bottom: 1px solid var(--line); }
        table.data tbody tr:nth-child(even) { background: #fafbfc; }
        table.data .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.data tr.flagged td { background: #fcefed; }
        table.kv th { text-align: left; font-weight: 600; color: var(--muted); padding: 5px 28px 5px 0; border-bottom: 1px solid var(--line); }
        table.kv td { padding: 5px 0; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; }
        .not-provided { color: var(--muted); font-style: italic; background: var(--band); padding: 8px 12px; border-left: 3px solid var(--line); }
        footer { padding: 14px 40px 24px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line); }
        @media print {
          html { background: #fff; }
          body { max-width: none; }
          .toc { display: none; }
          section, figure, table { break-inside: avoid; }
          .report-header { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """;
}
