from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'policies.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_groups = resolve('groups')
    l_0_policy = resolve('policy')
    try:
        t_1 = environment.filters['count']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'count' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_4 = environment.filters['md']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'md' found.")
    try:
        t_5 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    l_1_loop = missing
    for (l_1_category, l_1_heading), l_1_loop in LoopContext((('block', '⛔ Blocking'), ('warn', '⚠️ Warnings'), ('advisory', 'ℹ️ Advisories and unknowns that pass'), ('waived', 'Waived')), undefined):
        l_1_mine = missing
        _loop_vars = {}
        pass
        l_1_mine = t_3(context.eval_ctx, t_5(context, (undefined(name='groups') if l_0_groups is missing else l_0_groups), 'group.category', 'equalto', l_1_category))
        _loop_vars['mine'] = l_1_mine
        if (undefined(name='mine') if l_1_mine is missing else l_1_mine):
            pass
            yield '\n#### '
            yield str(l_1_heading)
            yield '\n\n'
            l_2_loop = missing
            for l_2_entry, l_2_loop in LoopContext((undefined(name='mine') if l_1_mine is missing else l_1_mine), undefined):
                l_2_g = missing
                _loop_vars = {}
                pass
                l_2_g = environment.getattr(l_2_entry, 'group')
                _loop_vars['g'] = l_2_g
                yield '- **'
                yield str(t_4(environment.getattr(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'policy'), 'id')))
                yield '** '
                yield str(t_4(environment.getattr(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'policy'), 'name')))
                yield ' _('
                yield str(t_4(environment.getattr(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'policy'), 'severity')))
                yield ')_: '
                yield str(t_1(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'count')))
                yield ' '
                yield str((('resource' if (environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'count') == 1) else 'resources') if environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'resources_only') else ('finding' if (environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'count') == 1) else 'findings')))
                if environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'common_message'):
                    pass
                    yield ': '
                    yield str(t_4(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'common_message'), 1000))
                yield '\n'
                for l_3_item in environment.getattr(l_2_entry, 'listed'):
                    l_3_subject = resolve('subject')
                    l_3_finding_change = resolve('finding_change')
                    l_3_waiver = resolve('waiver')
                    l_3_details = resolve('details')
                    l_3_f = missing
                    _loop_vars = {}
                    pass
                    l_3_f = environment.getattr(l_3_item, 'finding')
                    _loop_vars['f'] = l_3_f
                    yield '  - '
                    if environment.getattr(l_3_item, 'project'):
                        pass
                        yield str(t_4(environment.getattr(l_3_item, 'project')))
                        yield ': '
                    if environment.getattr(environment.getattr((undefined(name='f') if l_3_f is missing else l_3_f), 'result'), 'subject'):
                        pass
                        yield '<code>'
                        yield str(t_4(context.call((undefined(name='subject') if l_3_subject is missing else l_3_subject), (undefined(name='f') if l_3_f is missing else l_3_f), _loop_vars=_loop_vars)))
                        yield '</code> ('
                        yield str(context.call((undefined(name='finding_change') if l_3_finding_change is missing else l_3_finding_change), environment.getattr(environment.getattr((undefined(name='f') if l_3_f is missing else l_3_f), 'result'), 'subject'), _loop_vars=_loop_vars))
                        yield ')'
                    else:
                        pass
                        yield str(t_4(context.call((undefined(name='subject') if l_3_subject is missing else l_3_subject), (undefined(name='f') if l_3_f is missing else l_3_f), _loop_vars=_loop_vars)))
                    if (environment.getattr(environment.getattr(environment.getattr((undefined(name='f') if l_3_f is missing else l_3_f), 'result'), 'outcome'), 'value') == 'unknown'):
                        pass
                        yield ' _(unknown)_'
                    if (not environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'common_message')):
                        pass
                        yield ': '
                        yield str(t_4(environment.getattr((undefined(name='f') if l_3_f is missing else l_3_f), 'message'), 1000))
                    if environment.getattr((undefined(name='f') if l_3_f is missing else l_3_f), 'waiver'):
                        pass
                        yield '; '
                        yield str(t_4(context.call((undefined(name='waiver') if l_3_waiver is missing else l_3_waiver), (undefined(name='f') if l_3_f is missing else l_3_f), _loop_vars=_loop_vars), 1000))
                    yield '\n'
                    if (not environment.getattr(environment.getattr((undefined(name='f') if l_3_f is missing else l_3_f), 'result'), 'subject')):
                        pass
                        for l_4_line in context.call((undefined(name='details') if l_3_details is missing else l_3_details), (undefined(name='f') if l_3_f is missing else l_3_f), _loop_vars=_loop_vars):
                            _loop_vars = {}
                            pass
                            yield '    - '
                            yield str(t_4(l_4_line, 1000))
                            yield '\n'
                        l_4_line = missing
                l_3_item = l_3_f = l_3_subject = l_3_finding_change = l_3_waiver = l_3_details = missing
                if environment.getattr(l_2_entry, 'more'):
                    pass
                    yield '  - and '
                    yield str(t_1(environment.getattr(l_2_entry, 'more')))
                    yield ' more\n'
                if environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'free'):
                    pass
                    yield '  - and '
                    yield str(t_1(t_2(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'free'))))
                    yield ' '
                    yield str(('resource' if (t_2(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'free')) == 1) else 'resources'))
                    yield ' that cost nothing'
                    if environment.getattr(l_2_entry, 'free'):
                        pass
                        yield ': '
                        l_3_loop = missing
                        for l_3_item, l_3_loop in LoopContext(environment.getattr((undefined(name='g') if l_2_g is missing else l_2_g), 'free'), undefined):
                            l_3_subject = resolve('subject')
                            _loop_vars = {}
                            pass
                            if environment.getattr(l_3_item, 'project'):
                                pass
                                yield str(t_4(environment.getattr(l_3_item, 'project')))
                                yield ': '
                            yield '<code>'
                            yield str(t_4(context.call((undefined(name='subject') if l_3_subject is missing else l_3_subject), environment.getattr(l_3_item, 'finding'), _loop_vars=_loop_vars)))
                            yield '</code>'
                            if (not environment.getattr(l_3_loop, 'last')):
                                pass
                                yield ', '
                        l_3_loop = l_3_item = l_3_subject = missing
                    yield '\n'
            l_2_loop = l_2_entry = l_2_g = missing
    l_1_loop = l_1_category = l_1_heading = l_1_mine = missing
    if (not (undefined(name='groups') if l_0_groups is missing else l_0_groups)):
        pass
        yield '\nNo policy findings.\n'
    for l_1_line in environment.getattr((undefined(name='policy') if l_0_policy is missing else l_0_policy), 'counts'):
        _loop_vars = {}
        pass
        yield '\n<sub>'
        yield str(t_4(l_1_line))
        yield '</sub>\n'
    l_1_line = missing
    for l_1_line in environment.getattr((undefined(name='policy') if l_0_policy is missing else l_0_policy), 'lines'):
        _loop_vars = {}
        pass
        yield '- <sub>'
        yield str(t_4(l_1_line, 1000))
        yield '</sub>\n'
    l_1_line = missing
    for l_1_line in environment.getattr((undefined(name='policy') if l_0_policy is missing else l_0_policy), 'exemptions'):
        _loop_vars = {}
        pass
        yield '\n> [!NOTE]\n> '
        yield str(t_4(l_1_line, 1000))
        yield '\n'
    l_1_line = missing
    if environment.getattr((undefined(name='policy') if l_0_policy is missing else l_0_policy), 'diagnostics'):
        pass
        yield '\n> [!WARNING]\n'
        for l_1_line in environment.getattr((undefined(name='policy') if l_0_policy is missing else l_0_policy), 'diagnostics'):
            _loop_vars = {}
            pass
            yield '> '
            yield str(t_4(l_1_line, 1000))
            yield '\n'
        l_1_line = missing

blocks = {}
debug_info = '3=44&4=48&5=50&7=53&9=56&10=60&11=63&13=77&14=85&15=88&17=114&18=116&19=120&23=124&24=127&26=129&27=132&33=158&37=161&39=165&41=168&42=172&44=175&47=179&49=182&52=185&53=189'

# Generated by tools/templates_gen.py from checker/templates/policies.md.j2: do not edit.
JINJA2_VERSION = '3.1.6'
SOURCE_SHA256 = '935eb652030a167bb400e10308c2ae267f094ddf7a1b165486fa0675d6f21fb8'
FINGERPRINT = '093d5a194903f4b8e6c0dd53f64535b5919e1e9c9a99db6f9bae43e38f79b79a'
