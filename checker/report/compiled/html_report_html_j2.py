from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_csp = resolve('csp')
    l_0_command = resolve('command')
    l_0_title = resolve('title')
    l_0_before = resolve('before')
    l_0_after = resolve('after')
    l_0_change = resolve('change')
    l_0_change_text = resolve('change_text')
    l_0_percent = resolve('percent')
    l_0_caveats = resolve('caveats')
    l_0_verdict = resolve('verdict')
    l_0_verdict_word = resolve('verdict_word')
    l_0_projects = resolve('projects')
    l_0_service_chart = resolve('service_chart')
    l_0_services = resolve('services')
    l_0_project_chart = resolve('project_chart')
    l_0_provenance = resolve('provenance')
    l_0_currency = resolve('currency')
    l_0_chart = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_c):
        t_4 = []
        if l_1_c is missing:
            l_1_c = undefined("parameter 'c' was not provided", name='c')
        pass
        t_4.extend((
            '<figure class="chart">\n<svg id="',
            escape(environment.getattr(l_1_c, 'id')),
            '" xmlns="http://www.w3.org/2000/svg" width="',
            escape(environment.getattr(l_1_c, 'width')),
            '" height="',
            escape(environment.getattr(l_1_c, 'height')),
            '" viewBox="0 0 ',
            escape(environment.getattr(l_1_c, 'width')),
            ' ',
            escape(environment.getattr(l_1_c, 'height')),
            '" role="img" aria-label="',
            escape(environment.getattr(l_1_c, 'caption')),
            '">\n',
        ))
        for l_2_bar in environment.getattr(l_1_c, 'bars'):
            _loop_vars = {}
            pass
            t_4.extend((
                '<g class="bar-row" data-usd="',
                escape(environment.getattr(l_2_bar, 'value')),
                '"><title>',
                escape(environment.getattr(l_2_bar, 'title')),
                ': ',
                escape(environment.getattr(l_2_bar, 'text')),
                '</title>\n<text x="',
                escape((environment.getattr(l_1_c, 'label_width') - 8)),
                '" y="',
                escape((environment.getattr(l_2_bar, 'y') + 16)),
                '" text-anchor="end" font-size="13" fill="#24292f">',
                escape(environment.getattr(l_2_bar, 'label')),
                '</text>\n<rect class="bar" x="',
                escape(environment.getattr(l_1_c, 'label_width')),
                '" y="',
                escape(environment.getattr(l_2_bar, 'y')),
                '" width="',
                escape(environment.getattr(l_2_bar, 'width')),
                '" height="',
                escape(environment.getattr(l_1_c, 'bar_height')),
                '" fill="',
                escape(environment.getattr(l_1_c, 'colour')),
                '"/>\n<text x="',
                escape(((environment.getattr(l_1_c, 'label_width') + environment.getattr(l_2_bar, 'width')) + 6)),
                '" y="',
                escape((environment.getattr(l_2_bar, 'y') + 16)),
                '" font-size="13" fill="#24292f">',
                escape(environment.getattr(l_2_bar, 'text')),
                '</text>\n</g>\n',
            ))
        l_2_bar = missing
        t_4.extend((
            '</svg>\n<figcaption>',
            escape(environment.getattr(l_1_c, 'caption')),
            '</figcaption>\n</figure>\n',
        ))
        return concat(t_4)
    context.exported_vars.add('chart')
    context.vars['chart'] = l_0_chart = Macro(environment, macro, 'chart', ('c',), False, False, False, context.eval_ctx.autoescape)
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>costcheck '
    yield escape((undefined(name='command') if l_0_command is missing else l_0_command))
    yield ': '
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</title>\n<style>\nbody{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#24292f;background:#fff;margin:0 auto;padding:1em;max-width:72em;line-height:1.4}\nh1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}h3{font-size:1.05em}\ntable{border-collapse:collapse;width:100%;font-size:.9em}th,td{padding:.25em .5em;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}\nth{background:#f6f8fa}td.num,th.num{text-align:right;white-space:nowrap}\n.scroll{overflow-x:auto}code,.addr{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em;overflow-wrap:anywhere}\n.totals{font-size:1.3em;font-weight:600}.verdict{font-size:1.1em;font-weight:600;padding:.3em .6em;border-radius:4px;display:inline-block}\n.verdict.block{background:#ffebe9;color:#82071e}.verdict.warn{background:#fff8c5;color:#7d4e00}.verdict.pass{background:#dafbe1;color:#116329}\n.caveat{color:#7d4e00;margin:.2em 0}.level-block{color:#82071e;font-weight:600}.level-warn{color:#7d4e00;font-weight:600}\ntr.group th{background:#fff;border-bottom:2px solid #d0d7de}.note{color:#57606a;font-size:.9em}\nfigure.chart{margin:1em 0}figure.chart svg{max-width:100%;height:auto}figcaption{color:#57606a;font-size:.9em}\nfooter{margin-top:2em;border-top:1px solid #d0d7de;color:#57606a;font-size:.85em}\n@media (max-width:40em){body{padding:.5em}table{font-size:.8em}.totals{font-size:1.1em}figure.chart{overflow-x:auto}figure.chart svg{max-width:none;width:36em}}\n@media print{body{max-width:none;padding:0}.scroll{overflow:visible}thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}details>summary{list-style:none}}\n</style>\n</head>\n<body>\n<header>\n<h1>costcheck '
    yield escape((undefined(name='command') if l_0_command is missing else l_0_command))
    yield ': '
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</h1>\n<p id="totals" class="totals">Monthly cost <span id="total-before" data-usd="'
    yield escape(environment.getattr((undefined(name='before') if l_0_before is missing else l_0_before), 'usd'))
    yield '">'
    yield escape(environment.getattr((undefined(name='before') if l_0_before is missing else l_0_before), 'text'))
    yield '</span> → <span id="total-after" data-usd="'
    yield escape(environment.getattr((undefined(name='after') if l_0_after is missing else l_0_after), 'usd'))
    yield '">'
    yield escape(environment.getattr((undefined(name='after') if l_0_after is missing else l_0_after), 'text'))
    yield '</span> (<span id="total-change" data-usd="'
    yield escape(environment.getattr((undefined(name='change') if l_0_change is missing else l_0_change), 'usd'))
    yield '">'
    yield escape((undefined(name='change_text') if l_0_change_text is missing else l_0_change_text))
    yield '</span>, <span id="total-percent">'
    yield escape((undefined(name='percent') if l_0_percent is missing else l_0_percent))
    yield '</span>)</p>\n'
    for l_1_note in (undefined(name='caveats') if l_0_caveats is missing else l_0_caveats):
        _loop_vars = {}
        pass
        yield '<p class="caveat">'
        yield escape(l_1_note)
        yield '</p>\n'
    l_1_note = missing
    if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
        pass
        yield '<p id="verdict" class="verdict '
        yield escape((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict))
        yield '">Cost policies: '
        yield escape((undefined(name='verdict_word') if l_0_verdict_word is missing else l_0_verdict_word))
        yield '</p>\n'
    yield '</header>\n<main>\n'
    if (t_2((undefined(name='projects') if l_0_projects is missing else l_0_projects)) > 1):
        pass
        yield '<section id="projects">\n<h2>Projects</h2>\n<div class="scroll"><table id="project-table">\n<thead><tr><th>Project</th><th>Path</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th><th class="num">%</th><th>Policies</th></tr></thead>\n<tbody>\n'
        for l_1_p in (undefined(name='projects') if l_0_projects is missing else l_0_projects):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_p, 'name'))
            yield '</td><td class="addr">'
            yield escape(environment.getattr(l_1_p, 'path'))
            yield '</td><td class="num" data-usd="'
            yield escape(environment.getattr(environment.getattr(l_1_p, 'before'), 'usd'))
            yield '">'
            yield escape(environment.getattr(environment.getattr(l_1_p, 'before'), 'text'))
            yield '</td><td class="num" data-usd="'
            yield escape(environment.getattr(environment.getattr(l_1_p, 'after'), 'usd'))
            yield '">'
            yield escape(environment.getattr(environment.getattr(l_1_p, 'after'), 'text'))
            yield '</td><td class="num" data-usd="'
            yield escape(environment.getattr(environment.getattr(l_1_p, 'change'), 'usd'))
            yield '">'
            yield escape(environment.getattr(l_1_p, 'change_text'))
            yield '</td><td class="num">'
            yield escape(environment.getattr(l_1_p, 'percent'))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_p, 'verdict') or '-'))
            yield '</td></tr>\n'
        l_1_p = missing
        yield '</tbody>\n</table></div>\n</section>\n'
    yield '<section id="charts">\n<h2>Where the money goes</h2>\n'
    if environment.getattr((undefined(name='service_chart') if l_0_service_chart is missing else l_0_service_chart), 'bars'):
        pass
        yield escape(context.call((undefined(name='chart') if l_0_chart is missing else l_0_chart), (undefined(name='service_chart') if l_0_service_chart is missing else l_0_service_chart)))
        yield '\n'
    elif (undefined(name='services') if l_0_services is missing else l_0_services):
        pass
        yield '<p>Nothing has a known monthly cost after the change; the table shows what it was before.</p>\n'
    else:
        pass
        yield '<p>No resource with a known monthly cost.</p>\n'
    if ((not t_3((undefined(name='project_chart') if l_0_project_chart is missing else l_0_project_chart))) and environment.getattr((undefined(name='project_chart') if l_0_project_chart is missing else l_0_project_chart), 'bars')):
        pass
        yield escape(context.call((undefined(name='chart') if l_0_chart is missing else l_0_chart), (undefined(name='project_chart') if l_0_project_chart is missing else l_0_project_chart)))
        yield '\n'
    if (undefined(name='services') if l_0_services is missing else l_0_services):
        pass
        yield '<div class="scroll"><table id="service-table">\n<thead><tr><th>Service</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th></tr></thead>\n<tbody>\n'
        for l_1_s in (undefined(name='services') if l_0_services is missing else l_0_services):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_s, 'name'))
            yield '</td><td class="num" data-usd="'
            yield escape(environment.getattr(environment.getattr(l_1_s, 'before'), 'usd'))
            yield '">'
            yield escape(environment.getattr(environment.getattr(l_1_s, 'before'), 'text'))
            yield '</td><td class="num" data-usd="'
            yield escape(environment.getattr(environment.getattr(l_1_s, 'after'), 'usd'))
            yield '">'
            yield escape(environment.getattr(environment.getattr(l_1_s, 'after'), 'text'))
            yield '</td><td class="num">'
            yield escape(environment.getattr(l_1_s, 'change'))
            yield '</td></tr>\n'
        l_1_s = missing
        yield '</tbody>\n</table></div>\n'
    yield '</section>\n'
    l_1_loop = missing
    for l_1_p, l_1_loop in LoopContext((undefined(name='projects') if l_0_projects is missing else l_0_projects), undefined):
        _loop_vars = {}
        pass
        yield '<section class="project" id="project-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '">\n'
        if (t_2((undefined(name='projects') if l_0_projects is missing else l_0_projects)) > 1):
            pass
            yield '<h2>Project '
            yield escape(environment.getattr(l_1_p, 'name'))
            yield ': '
            yield escape(environment.getattr(environment.getattr(l_1_p, 'before'), 'text'))
            yield ' → '
            yield escape(environment.getattr(environment.getattr(l_1_p, 'after'), 'text'))
            yield ' ('
            yield escape(environment.getattr(l_1_p, 'change_text'))
            yield ', '
            yield escape(environment.getattr(l_1_p, 'percent'))
            yield ')</h2>\n'
        if (not t_3(environment.getattr(l_1_p, 'policy'))):
            pass
            yield '<section class="findings">\n<h2>Cost policies: '
            yield escape(environment.getattr(environment.getattr(l_1_p, 'policy'), 'verdict_word'))
            yield '</h2>\n'
            if environment.getattr(environment.getattr(l_1_p, 'policy'), 'groups'):
                pass
                for l_2_g in environment.getattr(environment.getattr(l_1_p, 'policy'), 'groups'):
                    _loop_vars = {}
                    pass
                    yield '<section class="policy-group" data-policy="'
                    yield escape(environment.getattr(l_2_g, 'id'))
                    yield '">\n<h3><code>'
                    yield escape(environment.getattr(l_2_g, 'id'))
                    yield '</code> '
                    yield escape(environment.getattr(l_2_g, 'name'))
                    yield ' <span class="note">('
                    yield escape(environment.getattr(l_2_g, 'severity'))
                    yield ', '
                    yield escape(environment.getattr(l_2_g, 'enforcement'))
                    yield '; '
                    yield escape(environment.getattr(l_2_g, 'outcome'))
                    yield '; '
                    yield escape(environment.getattr(l_2_g, 'count'))
                    yield ' finding(s))</span></h3>\n'
                    for l_3_b in environment.getattr(l_2_g, 'buckets'):
                        _loop_vars = {}
                        pass
                        yield '<div class="bucket">\n<p><span class="level-'
                        yield escape(environment.getattr(l_3_b, 'level'))
                        yield '">'
                        yield escape(environment.getattr(l_3_b, 'tag'))
                        yield '</span> '
                        yield escape(environment.getattr(l_3_b, 'message'))
                        yield ' <span class="note">('
                        yield escape(environment.getattr(l_3_b, 'count'))
                        yield ' resource(s))</span></p>\n'
                        if environment.getattr(l_3_b, 'findings'):
                            pass
                            yield '<ul>\n'
                            for l_4_f in environment.getattr(l_3_b, 'findings'):
                                _loop_vars = {}
                                pass
                                yield '<li class="finding"><code>'
                                yield escape(environment.getattr(l_4_f, 'subject'))
                                yield '</code>\n'
                                if environment.getattr(l_4_f, 'details'):
                                    pass
                                    yield '<ul class="note">\n'
                                    for l_5_line in environment.getattr(l_4_f, 'details'):
                                        _loop_vars = {}
                                        pass
                                        yield '<li>'
                                        yield escape(l_5_line)
                                        yield '</li>\n'
                                    l_5_line = missing
                                    yield '</ul>\n'
                                yield '</li>\n'
                            l_4_f = missing
                            yield '</ul>\n'
                        if environment.getattr(l_3_b, 'free'):
                            pass
                            yield '<details><summary>'
                            yield escape(t_2(environment.getattr(l_3_b, 'free')))
                            yield ' resource(s) that cost nothing</summary>\n<ul>\n'
                            for l_4_f in environment.getattr(l_3_b, 'free'):
                                _loop_vars = {}
                                pass
                                yield '<li class="finding"><code>'
                                yield escape(environment.getattr(l_4_f, 'subject'))
                                yield '</code></li>\n'
                            l_4_f = missing
                            yield '</ul>\n</details>\n'
                        yield '</div>\n'
                    l_3_b = missing
                    yield '</section>\n'
                l_2_g = missing
            else:
                pass
                yield '<p>No policy findings.</p>\n'
            yield '<p class="note">'
            yield escape(environment.getattr(environment.getattr(l_1_p, 'policy'), 'counts'))
            yield '</p>\n'
            if environment.getattr(environment.getattr(l_1_p, 'policy'), 'notes'):
                pass
                yield '<ul class="note">\n'
                for l_2_line in environment.getattr(environment.getattr(l_1_p, 'policy'), 'notes'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(l_2_line)
                    yield '</li>\n'
                l_2_line = missing
                yield '</ul>\n'
            for l_2_line in environment.getattr(environment.getattr(l_1_p, 'policy'), 'diagnostics'):
                _loop_vars = {}
                pass
                yield '<p class="note">Warning: '
                yield escape(l_2_line)
                yield '</p>\n'
            l_2_line = missing
            yield '</section>\n'
        if (not t_3(environment.getattr(l_1_p, 'checkov'))):
            pass
            yield '<section class="checkov">\n<h2>'
            yield escape(environment.getattr(environment.getattr(l_1_p, 'checkov'), 'summary'))
            yield '</h2>\n'
            if environment.getattr(environment.getattr(l_1_p, 'checkov'), 'findings'):
                pass
                yield '<div class="scroll"><table>\n<thead><tr><th>Check</th><th>Resource</th><th>Where</th><th>Severity</th><th>Name</th></tr></thead>\n<tbody>\n'
                for l_2_f in environment.getattr(environment.getattr(l_1_p, 'checkov'), 'findings'):
                    _loop_vars = {}
                    pass
                    yield '<tr><td><code>'
                    yield escape(environment.getattr(l_2_f, 'check_id'))
                    yield '</code></td><td class="addr">'
                    yield escape(environment.getattr(l_2_f, 'resource'))
                    yield '</td><td class="addr">'
                    yield escape(environment.getattr(l_2_f, 'where'))
                    yield '</td><td>'
                    yield escape(environment.getattr(l_2_f, 'severity'))
                    yield '</td><td>'
                    yield escape(environment.getattr(l_2_f, 'name'))
                    yield '</td></tr>\n'
                l_2_f = missing
                yield '</tbody>\n</table></div>\n'
            else:
                pass
                yield '<p>No failed checks.</p>\n'
            for l_2_line in environment.getattr(environment.getattr(l_1_p, 'checkov'), 'errors'):
                _loop_vars = {}
                pass
                yield '<p class="note">Not parsed by checkov: '
                yield escape(l_2_line)
                yield '</p>\n'
            l_2_line = missing
            yield '</section>\n'
        yield '<section class="resources">\n<h2>Resources</h2>\n<p class="note">'
        yield escape(environment.getattr(l_1_p, 'summary'))
        yield ' Source: <span class="addr">'
        yield escape(environment.getattr(l_1_p, 'source'))
        yield '</span></p>\n'
        if environment.getattr(l_1_p, 'resources'):
            pass
            yield '<div class="scroll"><table class="resource-table">\n<thead><tr><th>Resource</th><th>Service</th><th>Action</th><th>Status</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th></tr></thead>\n<tbody>\n'
            for l_2_r in environment.getattr(l_1_p, 'resources'):
                _loop_vars = {}
                pass
                yield '<tr class="resource" data-address="'
                yield escape(environment.getattr(l_2_r, 'address'))
                yield '" data-usd="'
                yield escape(environment.getattr(l_2_r, 'usd'))
                yield '" data-past-usd="'
                yield escape(environment.getattr(l_2_r, 'past_usd'))
                yield '"><td class="addr">'
                yield escape(environment.getattr(l_2_r, 'address'))
                yield '</td><td>'
                yield escape(environment.getattr(l_2_r, 'service'))
                yield '</td><td>'
                yield escape(environment.getattr(l_2_r, 'action'))
                yield '</td><td>'
                yield escape(environment.getattr(l_2_r, 'status_word'))
                yield '</td><td class="num">'
                yield escape(environment.getattr(l_2_r, 'before'))
                yield '</td><td class="num">'
                yield escape(environment.getattr(l_2_r, 'after'))
                yield '</td><td class="num">'
                yield escape(environment.getattr(l_2_r, 'change'))
                yield '</td></tr>\n'
            l_2_r = missing
            yield '</tbody>\n</table></div>\n<h3>Components</h3>\n<div class="scroll"><table class="component-table">\n<thead><tr><th>Component</th><th class="num">Quantity</th><th>Unit</th><th class="num">Unit price</th><th class="num">Monthly</th><th>Price source</th><th>Price date</th></tr></thead>\n'
            for l_2_r in environment.getattr(l_1_p, 'resources'):
                _loop_vars = {}
                pass
                yield '<tbody data-address="'
                yield escape(environment.getattr(l_2_r, 'address'))
                yield '">\n<tr class="group"><th colspan="7" class="addr">'
                yield escape(environment.getattr(l_2_r, 'address'))
                yield '</th></tr>\n'
                t_5 = 1
                for l_3_c in environment.getattr(l_2_r, 'components'):
                    _loop_vars = {}
                    pass
                    yield '<tr class="component" data-usd="'
                    yield escape(environment.getattr(l_3_c, 'usd'))
                    yield '"><td>'
                    if environment.getattr(l_3_c, 'side'):
                        pass
                        yield '('
                        yield escape(environment.getattr(l_3_c, 'side'))
                        yield ') '
                    yield escape(environment.getattr(l_3_c, 'name'))
                    if environment.getattr(l_3_c, 'note'):
                        pass
                        yield '<br><span class="note">'
                        yield escape(environment.getattr(l_3_c, 'note'))
                        yield '</span>'
                    yield '</td><td class="num">'
                    yield escape(environment.getattr(l_3_c, 'quantity'))
                    yield '</td><td>'
                    yield escape(environment.getattr(l_3_c, 'unit'))
                    yield '</td><td class="num">'
                    yield escape(environment.getattr(l_3_c, 'unit_price'))
                    yield '</td><td class="num">'
                    yield escape(environment.getattr(l_3_c, 'monthly'))
                    yield '</td><td title="'
                    yield escape(environment.getattr(l_3_c, 'reference'))
                    yield '">'
                    yield escape(environment.getattr(l_3_c, 'source'))
                    yield '</td><td>'
                    yield escape(environment.getattr(l_3_c, 'as_of'))
                    yield '</td></tr>\n'
                    t_5 = 0
                l_3_c = missing
                if t_5:
                    pass
                    yield '<tr><td colspan="7" class="note">no cost components</td></tr>\n'
                yield '</tbody>\n'
            l_2_r = missing
            yield '</table></div>\n'
        else:
            pass
            yield '<p>No resource with a cost.</p>\n'
        if environment.getattr(l_1_p, 'free'):
            pass
            yield '<details class="free"><summary>'
            yield escape(t_2(environment.getattr(l_1_p, 'free')))
            yield ' free resource(s)</summary>\n<ul>\n'
            for l_2_r in environment.getattr(l_1_p, 'free'):
                _loop_vars = {}
                pass
                yield '<li class="resource-free" data-address="'
                yield escape(environment.getattr(l_2_r, 'address'))
                yield '"><span class="addr">'
                yield escape(environment.getattr(l_2_r, 'address'))
                yield '</span> ('
                yield escape(environment.getattr(l_2_r, 'action'))
                yield ')</li>\n'
            l_2_r = missing
            yield '</ul>\n</details>\n'
        yield '</section>\n'
        if environment.getattr(l_1_p, 'unpriced'):
            pass
            yield '<section class="unpriced">\n<h2>Not priced, and why</h2>\n<ul>\n'
            for l_2_u in environment.getattr(l_1_p, 'unpriced'):
                _loop_vars = {}
                pass
                yield '<li><span class="addr">'
                yield escape(environment.getattr(l_2_u, 'address'))
                yield '</span> ('
                yield escape(environment.getattr(l_2_u, 'status_word'))
                yield ')'
                if environment.getattr(l_2_u, 'reasons'):
                    pass
                    yield ': '
                    yield escape(t_1(context.eval_ctx, environment.getattr(l_2_u, 'reasons'), '; '))
                yield '</li>\n'
            l_2_u = missing
            yield '</ul>\n</section>\n'
        if environment.getattr(l_1_p, 'assumptions'):
            pass
            yield '<section class="assumptions">\n<h2>Assumptions</h2>\n<ul>\n'
            for (l_2_address, l_2_lines) in environment.getattr(l_1_p, 'assumptions'):
                _loop_vars = {}
                pass
                yield '<li><span class="addr">'
                yield escape(l_2_address)
                yield '</span>: '
                yield escape(t_1(context.eval_ctx, l_2_lines, '; '))
                yield '</li>\n'
            l_2_address = l_2_lines = missing
            yield '</ul>\n</section>\n'
        if environment.getattr(l_1_p, 'diagnostics'):
            pass
            yield '<section class="diagnostics">\n<h2>Diagnostics</h2>\n<p>What reading the input met: an error means the totals leave out what it names.</p>\n<ul>\n'
            for l_2_line in environment.getattr(l_1_p, 'diagnostics'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(l_2_line)
                yield '</li>\n'
            l_2_line = missing
            yield '</ul>\n</section>\n'
        yield '</section>\n'
    l_1_loop = l_1_p = missing
    yield '</main>\n<footer>\n<p id="provenance">Prices:\n'
    l_1_loop = missing
    t_6 = 1
    for (l_1_source, l_1_as_of, l_1_count), l_1_loop in LoopContext((undefined(name='provenance') if l_0_provenance is missing else l_0_provenance), undefined):
        _loop_vars = {}
        pass
        yield escape(l_1_source)
        yield ' as of '
        yield escape(l_1_as_of)
        yield ' ('
        yield escape(l_1_count)
        yield ' line(s))'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ';'
        yield '\n'
        t_6 = 0
    l_1_loop = l_1_source = l_1_as_of = l_1_count = missing
    if t_6:
        l_1_price_sources = resolve('price_sources')
        pass
        yield 'none used (source: '
        yield escape(t_1(context.eval_ctx, (undefined(name='price_sources') if l_1_price_sources is missing else l_1_price_sources), ', '))
        yield ').\n'
        l_1_price_sources = missing
    yield '</p>\n<p>Monthly figures in '
    yield escape((undefined(name='currency') if l_0_currency is missing else l_0_currency))
    yield ', assuming 730 hours a month. Made by costcheck; this page runs no script and loads nothing.</p>\n</footer>\n</body>\n</html>'

blocks = {}
debug_info = '5=47&7=54&8=67&9=72&10=78&11=84&12=94&16=104&23=111&26=113&45=117&46=121&47=135&48=139&50=142&51=145&55=150&61=153&62=157&70=180&71=182&72=184&77=190&78=192&80=194&84=197&85=201&91=217&92=221&93=223&94=226&96=236&98=239&99=241&100=243&101=247&102=249&103=261&105=265&106=273&108=276&109=280&110=282&112=285&113=289&121=296&122=299&124=301&125=305&137=317&138=319&140=322&141=326&145=330&146=334&150=338&152=341&153=343&157=346&158=350&165=365&166=369&172=374&173=378&177=381&178=385&185=407&186=411&187=413&188=416&189=420&199=459&200=462&202=464&203=468&209=477&213=480&214=484&219=495&223=498&224=502&229=508&234=511&235=515&245=524&246=527&249=543&252=547'

# Generated by tools/templates_gen.py from checker/templates/report.html.j2: do not edit.
JINJA2_VERSION = '3.1.6'
SOURCE_SHA256 = 'ea8a26f0b74d00f5faca8ca73af52eb2f0c8be6f9dcb50348665e2bdde22046a'
FINGERPRINT = '465fdd6480c02b3a87cf8b29d0506c04f306db1c086b97da68a320c58d766d3e'
