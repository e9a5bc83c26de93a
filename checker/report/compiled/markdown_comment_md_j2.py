from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'comment.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_verdict_icon = resolve('verdict_icon')
    l_0_verdict = resolve('verdict')
    l_0_verdict_word = resolve('verdict_word')
    l_0_money = resolve('money')
    l_0_before = resolve('before')
    l_0_after = resolve('after')
    l_0_signed = resolve('signed')
    l_0_change = resolve('change')
    l_0_percent = resolve('percent')
    l_0_tally = resolve('tally')
    l_0_excluded = resolve('excluded')
    l_0_left_out = resolve('left_out')
    l_0_limit_words = resolve('limit_words')
    l_0_where = resolve('where')
    l_0_incomplete = resolve('incomplete')
    l_0_incomplete_more = resolve('incomplete_more')
    l_0_many = resolve('many')
    l_0_projects = resolve('projects')
    l_0_projects_more = resolve('projects_more')
    l_0_rows = resolve('rows')
    l_0_any_via_reference = resolve('any_via_reference')
    l_0_rows_more = resolve('rows_more')
    l_0_components = resolve('components')
    l_0_attention = resolve('attention')
    l_0_attention_more = resolve('attention_more')
    l_0_attention_total = resolve('attention_total')
    l_0_assumed = resolve('assumed')
    l_0_assumed_more = resolve('assumed_more')
    l_0_assumed_total = resolve('assumed_total')
    l_0_checkov = resolve('checkov')
    l_0_checkov_findings = resolve('checkov_findings')
    l_0_checkov_more = resolve('checkov_more')
    l_0_checkov_errors = resolve('checkov_errors')
    l_0_summary = resolve('summary')
    l_0_provenance = resolve('provenance')
    l_0_with_marker = resolve('with_marker')
    l_0_marker = resolve('marker')
    try:
        t_1 = environment.filters['count']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'count' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['lower']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'lower' found.")
    try:
        t_5 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_6 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_7 = environment.filters['sum']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'sum' found.")
    pass
    yield '### '
    yield str((undefined(name='verdict_icon') if l_0_verdict_icon is missing else l_0_verdict_icon))
    yield ' costcheck: '
    if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
        pass
        yield str((undefined(name='verdict_word') if l_0_verdict_word is missing else l_0_verdict_word))
        yield ': '
    yield str(context.call((undefined(name='money') if l_0_money is missing else l_0_money), (undefined(name='before') if l_0_before is missing else l_0_before)))
    yield ' → '
    yield str(context.call((undefined(name='money') if l_0_money is missing else l_0_money), (undefined(name='after') if l_0_after is missing else l_0_after)))
    yield ' per month ('
    yield str(context.call((undefined(name='signed') if l_0_signed is missing else l_0_signed), (undefined(name='change') if l_0_change is missing else l_0_change)))
    if (undefined(name='percent') if l_0_percent is missing else l_0_percent):
        pass
        yield ', '
        yield str((undefined(name='percent') if l_0_percent is missing else l_0_percent))
    yield ')\n'
    if (undefined(name='tally') if l_0_tally is missing else l_0_tally):
        pass
        yield '\n'
        yield str((undefined(name='tally') if l_0_tally is missing else l_0_tally))
        yield '\n'
    for l_1_note in (undefined(name='excluded') if l_0_excluded is missing else l_0_excluded):
        _loop_vars = {}
        pass
        yield '\n_'
        yield str(t_6(l_1_note, 1000))
        yield '_\n'
    l_1_note = missing
    if (undefined(name='left_out') if l_0_left_out is missing else l_0_left_out):
        pass
        yield '\n> [!NOTE]\n> Shortened to fit '
        yield str((undefined(name='limit_words') if l_0_limit_words is missing else l_0_limit_words))
        yield ': left out '
        yield str(t_2(context.eval_ctx, (undefined(name='left_out') if l_0_left_out is missing else l_0_left_out), '; '))
        yield '. The full report: '
        yield str(t_6((undefined(name='where') if l_0_where is missing else l_0_where), 1000))
        yield '.\n'
    if (undefined(name='incomplete') if l_0_incomplete is missing else l_0_incomplete):
        pass
        yield '\n> [!CAUTION]\n> These totals leave out what could not be read:\n'
        for l_1_line in (undefined(name='incomplete') if l_0_incomplete is missing else l_0_incomplete):
            _loop_vars = {}
            pass
            yield '> - '
            yield str(t_6(l_1_line, 1000))
            yield '\n'
        l_1_line = missing
        if (undefined(name='incomplete_more') if l_0_incomplete_more is missing else l_0_incomplete_more):
            pass
            yield '> - and '
            yield str(t_1((undefined(name='incomplete_more') if l_0_incomplete_more is missing else l_0_incomplete_more)))
            yield ' more\n'
    if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
        pass
        template = environment.get_template('policies.md.j2', 'comment.md.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    if (undefined(name='many') if l_0_many is missing else l_0_many):
        pass
        yield '\n#### Projects\n\n| Project | Before | After | Change |'
        if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
            pass
            yield ' Policies |'
        yield '\n| --- | ---: | ---: | ---: |'
        if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
            pass
            yield ' --- |'
        yield '\n'
        for l_1_p in (undefined(name='projects') if l_0_projects is missing else l_0_projects):
            l_1_project_change = resolve('project_change')
            l_1_project_verdict = resolve('project_verdict')
            _loop_vars = {}
            pass
            yield '| '
            yield str(t_6(environment.getattr(l_1_p, 'name')))
            yield ' | '
            yield str(context.call((undefined(name='money') if l_0_money is missing else l_0_money), environment.getattr(environment.getattr(l_1_p, 'estimate'), 'past_total_monthly_cost'), _loop_vars=_loop_vars))
            yield ' | '
            yield str(context.call((undefined(name='money') if l_0_money is missing else l_0_money), environment.getattr(environment.getattr(l_1_p, 'estimate'), 'total_monthly_cost'), _loop_vars=_loop_vars))
            yield ' | '
            yield str(context.call((undefined(name='signed') if l_0_signed is missing else l_0_signed), environment.getattr(environment.getattr(l_1_p, 'estimate'), 'diff_total_monthly_cost'), _loop_vars=_loop_vars))
            if context.call((undefined(name='project_change') if l_1_project_change is missing else l_1_project_change), l_1_p, _loop_vars=_loop_vars):
                pass
                yield ' ('
                yield str(context.call((undefined(name='project_change') if l_1_project_change is missing else l_1_project_change), l_1_p, _loop_vars=_loop_vars))
                yield ')'
            yield ' |'
            if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
                pass
                yield ' '
                yield str(context.call((undefined(name='project_verdict') if l_1_project_verdict is missing else l_1_project_verdict), l_1_p, _loop_vars=_loop_vars))
                yield ' |'
            yield '\n'
        l_1_p = l_1_project_change = l_1_project_verdict = missing
        if (undefined(name='projects_more') if l_0_projects_more is missing else l_0_projects_more):
            pass
            yield '| _and '
            yield str(t_1((undefined(name='projects_more') if l_0_projects_more is missing else l_0_projects_more)))
            yield ' more_ | | | |'
            if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
                pass
                yield ' |'
            yield '\n'
        yield '| **Total** | **'
        yield str(context.call((undefined(name='money') if l_0_money is missing else l_0_money), (undefined(name='before') if l_0_before is missing else l_0_before)))
        yield '** | **'
        yield str(context.call((undefined(name='money') if l_0_money is missing else l_0_money), (undefined(name='after') if l_0_after is missing else l_0_after)))
        yield '** | **'
        yield str(context.call((undefined(name='signed') if l_0_signed is missing else l_0_signed), (undefined(name='change') if l_0_change is missing else l_0_change)))
        yield '**'
        if (undefined(name='percent') if l_0_percent is missing else l_0_percent):
            pass
            yield ' ('
            yield str((undefined(name='percent') if l_0_percent is missing else l_0_percent))
            yield ')'
        yield ' |'
        if (undefined(name='verdict') if l_0_verdict is missing else l_0_verdict):
            pass
            yield ' '
            yield str((undefined(name='verdict_word') if l_0_verdict_word is missing else l_0_verdict_word))
            yield ' |'
        yield '\n'
    if ((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict) or (undefined(name='many') if l_0_many is missing else l_0_many)):
        pass
        yield '\n#### Resources\n'
    yield '\n'
    if (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        pass
        yield '|'
        if (undefined(name='many') if l_0_many is missing else l_0_many):
            pass
            yield ' Project |'
        yield ' | Resource | Before | After | Change |\n|'
        if (undefined(name='many') if l_0_many is missing else l_0_many):
            pass
            yield ' --- |'
        yield ' --- | --- | ---: | ---: | ---: |\n'
        for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            l_1_action_mark = resolve('action_mark')
            l_1_status_words = resolve('status_words')
            l_1_side_cost = resolve('side_cost')
            l_1_change_text = resolve('change_text')
            _loop_vars = {}
            pass
            yield '|'
            if (undefined(name='many') if l_0_many is missing else l_0_many):
                pass
                yield ' '
                yield str(t_6(environment.getattr(l_1_row, 'project')))
                yield ' |'
            yield ' '
            yield str(context.call((undefined(name='action_mark') if l_1_action_mark is missing else l_1_action_mark), environment.getattr(l_1_row, 'item'), _loop_vars=_loop_vars))
            yield ' | <code>'
            yield str(t_6(environment.getattr(environment.getattr(environment.getattr(l_1_row, 'item'), 'change'), 'address')))
            yield '</code>'
            if (environment.getattr(environment.getattr(l_1_row, 'item'), 'status') not in ('priced', 'free')):
                pass
                yield ' _('
                yield str(context.call((undefined(name='status_words') if l_1_status_words is missing else l_1_status_words), environment.getattr(l_1_row, 'item'), _loop_vars=_loop_vars))
                yield ')_'
            yield ' | '
            yield str(context.call((undefined(name='side_cost') if l_1_side_cost is missing else l_1_side_cost), environment.getattr(environment.getattr(l_1_row, 'item'), 'past'), _loop_vars=_loop_vars))
            yield ' | '
            yield str(context.call((undefined(name='side_cost') if l_1_side_cost is missing else l_1_side_cost), environment.getattr(environment.getattr(l_1_row, 'item'), 'current'), _loop_vars=_loop_vars))
            yield ' | '
            yield str(context.call((undefined(name='change_text') if l_1_change_text is missing else l_1_change_text), environment.getattr(l_1_row, 'item'), _loop_vars=_loop_vars))
            yield ' |\n'
        l_1_row = l_1_action_mark = l_1_status_words = l_1_side_cost = l_1_change_text = missing
        if (undefined(name='any_via_reference') if l_0_any_via_reference is missing else l_0_any_via_reference):
            pass
            yield '\n🔗 unchanged by the plan, but its cost moves with a resource it refers to (a launch template, a task definition).\n'
        if (undefined(name='rows_more') if l_0_rows_more is missing else l_0_rows_more):
            pass
            yield '\nAnd '
            yield str(t_1((undefined(name='rows_more') if l_0_rows_more is missing else l_0_rows_more)))
            yield ' more resource(s) with smaller changes.\n'
    elif (undefined(name='rows_more') if l_0_rows_more is missing else l_0_rows_more):
        pass
        yield str(t_1((undefined(name='rows_more') if l_0_rows_more is missing else l_0_rows_more)))
        yield ' resource(s) change in cost; their table is left out.\n'
    else:
        pass
        yield 'No resource changes with a cost.\n'
    if (undefined(name='components') if l_0_components is missing else l_0_components):
        pass
        yield '\n<details><summary>Cost components of '
        yield str(t_3((undefined(name='components') if l_0_components is missing else l_0_components)))
        yield ' resource(s)</summary>\n\n'
        for l_1_row in (undefined(name='components') if l_0_components is missing else l_0_components):
            l_1_components_of = resolve('components_of')
            _loop_vars = {}
            pass
            yield '- <code>'
            yield str(t_6(environment.getattr(environment.getattr(environment.getattr(l_1_row, 'item'), 'change'), 'address')))
            yield '</code>\n'
            for l_2_c in context.call((undefined(name='components_of') if l_1_components_of is missing else l_1_components_of), environment.getattr(l_1_row, 'item'), _loop_vars=_loop_vars):
                l_2_component_text = resolve('component_text')
                _loop_vars = {}
                pass
                yield '  - '
                yield str(t_6(context.call((undefined(name='component_text') if l_2_component_text is missing else l_2_component_text), l_2_c, _loop_vars=_loop_vars), 1000))
                yield '\n'
            l_2_c = l_2_component_text = missing
        l_1_row = l_1_components_of = missing
        yield '\n</details>\n'
    if ((undefined(name='attention') if l_0_attention is missing else l_0_attention) or (undefined(name='attention_more') if l_0_attention_more is missing else l_0_attention_more)):
        pass
        yield '\n<details><summary>'
        yield str((undefined(name='attention_total') if l_0_attention_total is missing else l_0_attention_total))
        yield ' resource(s) not fully priced</summary>\n\n'
        for l_1_row in (undefined(name='attention') if l_0_attention is missing else l_0_attention):
            l_1_status_words = resolve('status_words')
            l_1_reasons = resolve('reasons')
            _loop_vars = {}
            pass
            yield '- <code>'
            yield str(t_6(environment.getattr(environment.getattr(environment.getattr(l_1_row, 'item'), 'change'), 'address')))
            yield '</code> ('
            yield str(context.call((undefined(name='status_words') if l_1_status_words is missing else l_1_status_words), environment.getattr(l_1_row, 'item'), _loop_vars=_loop_vars))
            yield '): '
            yield str(t_2(context.eval_ctx, t_5(context, context.call((undefined(name='reasons') if l_1_reasons is missing else l_1_reasons), environment.getattr(l_1_row, 'item'), _loop_vars=_loop_vars), 'md', 1000), '; '))
            yield '\n'
        l_1_row = l_1_status_words = l_1_reasons = missing
        if (undefined(name='attention_more') if l_0_attention_more is missing else l_0_attention_more):
            pass
            yield '- and '
            yield str(t_1((undefined(name='attention_more') if l_0_attention_more is missing else l_0_attention_more)))
            yield ' more\n'
        yield '\n</details>\n'
    if ((undefined(name='assumed') if l_0_assumed is missing else l_0_assumed) or (undefined(name='assumed_more') if l_0_assumed_more is missing else l_0_assumed_more)):
        pass
        yield '\n<details><summary>'
        yield str((undefined(name='assumed_total') if l_0_assumed_total is missing else l_0_assumed_total))
        yield ' resource(s) priced with stated assumptions</summary>\n\n'
        for l_1_row in (undefined(name='assumed') if l_0_assumed is missing else l_0_assumed):
            l_1_assumptions = resolve('assumptions')
            _loop_vars = {}
            pass
            yield '- <code>'
            yield str(t_6(environment.getattr(environment.getattr(environment.getattr(l_1_row, 'item'), 'change'), 'address')))
            yield '</code>: '
            yield str(t_2(context.eval_ctx, t_5(context, context.call((undefined(name='assumptions') if l_1_assumptions is missing else l_1_assumptions), environment.getattr(l_1_row, 'item'), _loop_vars=_loop_vars), 'md', 1000), '; '))
            yield '\n'
        l_1_row = l_1_assumptions = missing
        if (undefined(name='assumed_more') if l_0_assumed_more is missing else l_0_assumed_more):
            pass
            yield '- and '
            yield str(t_1((undefined(name='assumed_more') if l_0_assumed_more is missing else l_0_assumed_more)))
            yield ' more\n'
        yield '\n</details>\n'
    if (undefined(name='checkov') if l_0_checkov is missing else l_0_checkov):
        pass
        yield '\n#### '
        yield str(('⚠️' if (((undefined(name='checkov_findings') if l_0_checkov_findings is missing else l_0_checkov_findings) or (undefined(name='checkov_more') if l_0_checkov_more is missing else l_0_checkov_more)) or (undefined(name='checkov_errors') if l_0_checkov_errors is missing else l_0_checkov_errors)) else '✅'))
        yield ' checkov: '
        yield str(t_7(environment, (undefined(name='checkov') if l_0_checkov is missing else l_0_checkov), attribute='failed'))
        yield ' failed check(s)\n\n'
        if ((undefined(name='checkov_findings') if l_0_checkov_findings is missing else l_0_checkov_findings) or (undefined(name='checkov_more') if l_0_checkov_more is missing else l_0_checkov_more)):
            pass
            yield "<details><summary>checkov's failed checks</summary>\n\n"
            for (l_1_project, l_1_f) in (undefined(name='checkov_findings') if l_0_checkov_findings is missing else l_0_checkov_findings):
                _loop_vars = {}
                pass
                yield '- '
                if l_1_project:
                    pass
                    yield str(t_6(l_1_project))
                    yield ': '
                yield '<code>'
                yield str(t_6(environment.getattr(l_1_f, 'check_id')))
                yield '</code> <code>'
                yield str(t_6(environment.getattr(l_1_f, 'resource')))
                yield '</code>'
                if context.call(environment.getattr(l_1_f, 'where'), _loop_vars=_loop_vars):
                    pass
                    yield ' ('
                    yield str(t_6(context.call(environment.getattr(l_1_f, 'where'), _loop_vars=_loop_vars)))
                    yield ')'
                if environment.getattr(l_1_f, 'severity'):
                    pass
                    yield ' _('
                    yield str(t_6(t_4(environment.getattr(l_1_f, 'severity'))))
                    yield ')_'
                yield ': '
                yield str(t_6(environment.getattr(l_1_f, 'check_name'), 300))
                yield '\n'
            l_1_project = l_1_f = missing
            if (undefined(name='checkov_more') if l_0_checkov_more is missing else l_0_checkov_more):
                pass
                yield '- and '
                yield str(t_1((undefined(name='checkov_more') if l_0_checkov_more is missing else l_0_checkov_more)))
                yield ' more\n'
            yield '\n</details>\n'
        else:
            pass
            yield 'No failed checks.\n'
        for l_1_error in (undefined(name='checkov_errors') if l_0_checkov_errors is missing else l_0_checkov_errors):
            _loop_vars = {}
            pass
            yield '- not parsed by checkov: '
            yield str(t_6(l_1_error, 300))
            yield '\n'
        l_1_error = missing
        for l_1_report in (undefined(name='checkov') if l_0_checkov is missing else l_0_checkov):
            _loop_vars = {}
            pass
            yield '\n<sub>checkov'
            if environment.getattr(l_1_report, 'version'):
                pass
                yield ' '
                yield str(t_6(environment.getattr(l_1_report, 'version')))
            yield ': '
            yield str(environment.getattr(l_1_report, 'failed'))
            yield ' failed, '
            yield str(environment.getattr(l_1_report, 'passed'))
            yield ' passed</sub>\n'
        l_1_report = missing
    yield '\n<sub>'
    yield str(t_6((undefined(name='summary') if l_0_summary is missing else l_0_summary), 1000))
    yield ' '
    yield str(t_6((undefined(name='provenance') if l_0_provenance is missing else l_0_provenance), 1000))
    yield ' Monthly figures assume 730 hours.</sub>\n'
    if (undefined(name='with_marker') if l_0_with_marker is missing else l_0_with_marker):
        pass
        yield str((undefined(name='marker') if l_0_marker is missing else l_0_marker))
        yield '\n'

blocks = {}
debug_info = '4=91&5=107&7=110&9=112&11=116&13=119&16=122&18=128&22=131&23=135&25=138&26=141&29=143&30=145&32=151&36=154&37=158&38=162&39=168&41=188&42=191&44=198&46=216&51=220&52=223&53=227&54=231&55=239&57=262&61=265&63=268&65=270&66=272&70=277&72=280&74=282&75=287&76=289&77=294&83=299&85=302&87=304&88=310&90=317&91=320&96=323&98=326&100=328&101=333&103=338&104=341&109=344&111=347&113=351&116=354&117=358&119=381&120=384&127=390&128=394&130=397&132=401&136=412&137=416&138=418'

# Generated by tools/templates_gen.py from checker/templates/comment.md.j2: do not edit.
JINJA2_VERSION = '3.1.6'
SOURCE_SHA256 = '726294fd8632950123fd80002a835b9867935808b267701ad3f7b8bbe219529a'
FINGERPRINT = '093d5a194903f4b8e6c0dd53f64535b5919e1e9c9a99db6f9bae43e38f79b79a'
