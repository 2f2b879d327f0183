/// The report's one stylesheet, inline: light and dark palettes (`prefers-color-scheme`), a layout that
/// fits a phone without sideways scrolling (only wide tables scroll, inside their own box), and print rules.
enum ReportStyle {
    static let css = """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#2563eb;--grid:#e4e7eb;\
        --card:#f7f8fa;--border:#d9dde3;--up:#c2410c;--down:#15803d;--gap:rgba(110,110,140,.16);\
        --fail:#b91c1c;--fail-bg:#fde8e8;--chg:#92400e;--chg-bg:#fef3c7;--ok:#166534;--ok-bg:#dcfce7}
        @media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e6e9ee;--muted:#9aa4b2;--line:#60a5fa;\
        --grid:#272d35;--card:#171b21;--border:#2f3640;--up:#fb923c;--down:#4ade80;--gap:rgba(160,160,200,.18);\
        --fail:#fca5a5;--fail-bg:#3b1414;--chg:#fcd34d;--chg-bg:#3a2a08;--ok:#86efac;--ok-bg:#0f2e1a}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0 auto;max-width:1240px;padding:20px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,\
        sans-serif;background:var(--bg);color:var(--fg);overflow-wrap:anywhere}
        h1{font-size:1.6rem;margin:.1em 0}
        h2{font-size:1.25rem;margin:0 0 .2em}
        h3{font-size:1rem;margin:1.2em 0 .4em}
        a{color:var(--line)}
        .meta{color:var(--muted);margin:.2em 0 .8em}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;overflow-wrap:normal}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--border);vertical-align:top}
        th{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);white-space:nowrap}
        td.num{text-align:right;white-space:nowrap}
        td.when{white-space:nowrap}
        .badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.8rem;font-weight:600;white-space:nowrap}
        .badge.fail{color:var(--fail);background:var(--fail-bg)}
        .badge.changed{color:var(--chg);background:var(--chg-bg)}
        .badge.ok{color:var(--ok);background:var(--ok-bg)}
        .since{font-size:.8rem;color:var(--muted);white-space:nowrap}
        .overview .since{display:block;margin-top:2px}
        table.overview{min-width:880px}
        table.changes{min-width:560px}
        table.changes td:first-child{white-space:nowrap}
        table.changes td:last-child{text-align:right;white-space:nowrap}
        .target{border-top:2px solid var(--border);margin-top:28px;padding-top:16px}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,340px),1fr));gap:12px}
        figure.chart{margin:0;padding:8px 8px 4px;background:var(--card);border:1px solid var(--border);\
        border-radius:8px;min-width:0}
        figcaption{font-size:.9rem}
        figcaption .now{color:var(--muted)}
        svg{display:block;width:100%;height:auto;font-size:10px;fill:var(--muted)}
        svg .grid line{stroke:var(--grid);stroke-width:1}
        svg .line{fill:none;stroke:var(--line);stroke-width:2;stroke-linejoin:round}
        svg .mark{fill:var(--bg);stroke:var(--line);stroke-width:2}
        svg .mark.up{stroke:var(--up)}
        svg .mark.down{stroke:var(--down)}
        svg .mark.end,svg .mark.other{stroke:var(--muted)}
        svg .gap{fill:var(--gap)}
        svg .gap-label{font-style:italic}
        svg .unit{font-weight:600;fill:var(--fg)}
        .up{color:var(--up)}
        .down{color:var(--down)}
        .id,.url{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;color:var(--muted)}
        .failure{color:var(--fail)}
        .none{color:var(--muted);font-style:italic}
        ul.features{padding-left:1.2em;margin:.3em 0}
        ul.features li{margin:.15em 0}
        footer{margin-top:32px;color:var(--muted);font-size:.85rem}
        @media (max-width:600px){body{padding:12px;font-size:14px}th,td{padding:5px 6px}h1{font-size:1.35rem}}
        @media (max-width:640px){table.overview{min-width:0}table.overview thead{display:none}\
        table.overview,table.overview tbody,table.overview tr,table.overview td{display:block;width:100%}\
        table.overview tr{border-bottom:1px solid var(--border);padding:8px 0}\
        table.overview td{border:0;padding:1px 0;text-align:left;white-space:normal}\
        table.overview td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8rem}}
        @media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#1d4ed8;--grid:#ddd;--card:#fff;--border:#bbb;\
        --gap:rgba(0,0,0,.1)}body{max-width:none;padding:0;font-size:10pt}.scroll{overflow:visible}\
        figure.chart,tr{break-inside:avoid}h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}}
        """
}
