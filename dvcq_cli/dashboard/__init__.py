"""The static dashboard: the year at a glance, as web pages that work offline.

    facts     what the engine computed: each period's `dvcq status` outcome and its JSON
              document, the problems of `dvcq check`, the report files (gathered by
              `commands/dashboard_command.py`)
    page      the page model: ready-made strings, rows and charts
    view      facts → the pages: overview, targets by period, submissions, banner (pure)
    detail    one period in detail: units × targets, submissions (pure)
    words     the fixed words and the verdicts' words, in the language chosen
    charts    the charts as inline SVG, drawn in Python (pure)
    sections  the parts of a page shown only when the data has them (reports; scoring…)
    render    page model → HTML through jinja2 templates with autoescape; CSS and script
              inlined, so each page is one file that needs no network
"""

# Written into every page (`<meta name="generator">`): how a site folder is recognised as one
# dvcq wrote, and so may be replaced by the next run.
GENERATOR = "dvcq dashboard"
